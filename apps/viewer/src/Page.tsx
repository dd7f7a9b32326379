import { ErrorPage } from './ErrorPage.js';
import { ErrorsPage } from './ErrorsPage.js';
import { HeatmapsPage } from './HeatmapsPage.js';
import { NotebookPage } from './NotebookPage.js';
import { NotebooksPage } from './NotebooksPage.js';
import { PersonPage } from './PersonPage.js';
import { PlaylistPage } from './PlaylistPage.js';
import { PlaylistsPage } from './PlaylistsPage.js';
import { SessionList } from './SessionList.js';
import { SessionPage } from './SessionPage.js';
import { SettingsPage } from './SettingsPage.js';
import { VitalsPage } from './VitalsPage.js';

/** The page for a hash route: `/`, `/sessions/:id?t=&playlist=&live`, `/playlists[/:id]`, `/notebooks[/:id]`, `/persons/:id`, `/errors[/:id]`, `/vitals`, `/heatmaps`, `/settings`. */
export function Page({ route }: { route: string }) {
  const session = /^\/sessions\/([A-Za-z0-9_-]+)(?:\?(.*))?$/.exec(route);
  if (session?.[1]) {
    const query = new URLSearchParams(session[2] ?? '');
    const t = Number(query.get('t') ?? 0);
    const playlist = query.get('playlist');
    return (
      <SessionPage
        id={session[1]}
        startAt={Number.isFinite(t) ? Math.max(0, t) * 1000 : 0}
        playlistId={playlist && /^\d+$/.test(playlist) ? playlist : undefined}
        follow={query.has('live')}
      />
    );
  }
  const playlist = /^\/playlists\/(\d+)$/.exec(route);
  if (playlist?.[1]) return <PlaylistPage id={playlist[1]} />;
  if (route === '/playlists') return <PlaylistsPage />;
  if (route === '/settings') return <SettingsPage />;
  if (route === '/errors') return <ErrorsPage />;
  const errorGroup = /^\/errors\/([0-9a-f]{32})$/.exec(route);
  if (errorGroup?.[1]) return <ErrorPage id={errorGroup[1]} />;
  if (route === '/vitals') return <VitalsPage />;
  if (route === '/heatmaps') return <HeatmapsPage />;
  if (route === '/notebooks') return <NotebooksPage />;
  const notebook = /^\/notebooks\/(\d+)$/.exec(route);
  if (notebook?.[1]) return <NotebookPage id={notebook[1]} />;
  const person = /^\/persons\/(.+)$/.exec(route);
  if (person?.[1]) return <PersonPage distinctId={decodeURIComponent(person[1])} />;
  return <SessionList />;
}
