import { SessionList } from './SessionList.js';
import { SessionPage } from './SessionPage.js';
import { useHashRoute } from './useHashRoute.js';

export function App() {
  const route = useHashRoute();
  const session = /^\/sessions\/([A-Za-z0-9_-]+)$/.exec(route);
  return (
    <div className="app">
      <header className="app-header">
        <a href="#/" className="brand">
          Tapedeck
        </a>
        <nav>
          <a href="#/">Recordings</a>
          <a href="/demo/" target="_blank" rel="noreferrer">
            Demo page
          </a>
        </nav>
      </header>
      <main>{session?.[1] ? <SessionPage id={session[1]} /> : <SessionList />}</main>
    </div>
  );
}
