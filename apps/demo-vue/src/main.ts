import { demoCapture } from '@tapedeck/demo-style/privacy';
import '@tapedeck/demo-style/shop.css';
import { Tapedeck } from '@tapedeck/vue';
import { createApp } from 'vue';
import { App } from './App.js';
import { router } from './router.js';

// The server to record into: ?host=&token= (tests), else the dev script's environment.
const params = new URLSearchParams(location.search);
const host = params.get('host') ?? import.meta.env.VITE_TAPEDECK_HOST ?? 'http://127.0.0.1:8787';
const token = params.get('token') ?? import.meta.env.VITE_TAPEDECK_TOKEN ?? 'demo_token_0001';

createApp(App)
  .use(router)
  .use(Tapedeck, { host, token, ...demoCapture, router })
  .mount('#app');
