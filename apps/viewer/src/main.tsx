import '@tapedeck/player/style.css';
import './viewer.css';
import './pages.css';
import './session.css';
import './live.css';
import './insights.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
