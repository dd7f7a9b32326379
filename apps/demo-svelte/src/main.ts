import { mount } from 'svelte';
import App from './App.svelte';
import '@tapedeck/demo-style/shop.css';

// The server to record into: ?host=&token= (tests), else the dev script's environment.
const params = new URLSearchParams(location.search);
const host = params.get('host') ?? import.meta.env.VITE_TAPEDECK_HOST ?? 'http://127.0.0.1:8787';
const token = params.get('token') ?? import.meta.env.VITE_TAPEDECK_TOKEN ?? 'demo_token_0001';

mount(App, { target: document.getElementById('app')!, props: { host, token } });
