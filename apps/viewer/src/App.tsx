import { useEffect, useState } from 'react';
import { apiKey, getJson, type Me } from './api.js';
import { Login } from './Login.js';
import { Page } from './Page.js';
import { useHashRoute } from './useHashRoute.js';

// A first-start link carries the key in the fragment (never sent to the server): keep it, hide it.
const fromLink = /^#key=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
if (fromLink?.[1]) {
  apiKey.set(fromLink[1]);
  history.replaceState(null, '', '#/');
}

export function App() {
  const route = useHashRoute();
  const [me, setMe] = useState<Me | null | 'checking'>(apiKey.get() ? 'checking' : null);
  useEffect(() => {
    if (me !== 'checking') return;
    getJson<{ key: Me }>('/api/me').then(
      (r) => setMe(r.key),
      () => {
        apiKey.clear();
        setMe(null);
      },
    );
  }, [me]);
  const logOut = () => {
    apiKey.clear();
    setMe(null);
  };
  return (
    <div className="app">
      <header className="app-header">
        <a href="#/" className="brand">
          Tapedeck
        </a>
        <nav>
          <a href="#/">Recordings</a>
          <a href="#/playlists">Playlists</a>
          <a href="#/notebooks">Notebooks</a>
          <a href="#/errors">Errors</a>
          <a href="#/vitals">Web Vitals</a>
          <a href="#/heatmaps">Heatmaps</a>
          <a href="#/settings">Settings</a>
          <a href="/demo/" target="_blank" rel="noreferrer">
            Demo page
          </a>
        </nav>
        {me && me !== 'checking' && (
          <span className="who">
            {me.name} ({me.role}){' '}
            <button type="button" onClick={logOut}>
              Log out
            </button>
          </span>
        )}
      </header>
      <main>
        {me === null && <Login onLogin={setMe} />}
        {me === 'checking' && <p className="muted">Checking your key…</p>}
        {me && me !== 'checking' && <Page route={route} />}
      </main>
    </div>
  );
}
