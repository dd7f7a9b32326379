import '@tapedeck/demo-style/shop.css';
import { Tapedeck } from '@tapedeck/vue';
import { createApp } from 'vue';
import { App } from './App.js';
import { router } from './router.js';

// The server to record into: ?host=&token= (tests), else the dev script's environment.
const params = new URLSearchParams(location.search);
const host = params.get('host') ?? import.meta.env.VITE_TAPEDECK_HOST ?? 'http://127.0.0.1:8787';
const token = params.get('token') ?? import.meta.env.VITE_TAPEDECK_TOKEN ?? 'demo_token_0001';
// Every capture on, so the privacy page (/privacy) goes through each side door; request bodies
// are recorded for its allowed endpoint only.
const capture = {
  recordConsole: true,
  recordNetwork: {
    recordHeaders: true,
    recordBody: true,
    networkBodyAllowUrls: ['/privacy-api/allowed'],
  },
  recordCanvas: true,
  recordMouseMoves: true,
};

createApp(App)
  .use(router)
  .use(Tapedeck, { host, token, ...capture, router })
  .mount('#app');
