import { demoCapture } from '@tapedeck/demo-style/privacy';
import { TapedeckErrorBoundary, TapedeckProvider } from '@tapedeck/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import '@tapedeck/demo-style/shop.css';

// The server to record into: ?host=&token= (tests), else the dev script's environment.
const params = new URLSearchParams(location.search);
const host = params.get('host') ?? import.meta.env.VITE_TAPEDECK_HOST ?? 'http://127.0.0.1:8787';
const token = params.get('token') ?? import.meta.env.VITE_TAPEDECK_TOKEN ?? 'demo_token_0001';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <TapedeckProvider options={{ host, token, ...demoCapture }}>
      <TapedeckErrorBoundary fallback={<p role="alert">The shop crashed. Reload to try again.</p>}>
        <App />
      </TapedeckErrorBoundary>
    </TapedeckProvider>
  </StrictMode>,
);
