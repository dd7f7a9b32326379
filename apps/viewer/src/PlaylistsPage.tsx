import { useEffect, useState } from 'react';
import { getJson } from './api.js';

/** Every saved playlist. */
export function PlaylistsPage() {
  const [playlists, setPlaylists] = useState<
    { id: number; name: string; createdBy: string }[] | null
  >(null);
  useEffect(() => {
    getJson<{ playlists: { id: number; name: string; createdBy: string }[] }>(
      '/api/playlists',
    ).then(
      (r) => setPlaylists(r.playlists),
      () => setPlaylists([]),
    );
  }, []);
  return (
    <section>
      <h1>Playlists</h1>
      {playlists?.length === 0 && (
        <p className="muted">No playlists yet: filter the recordings and save them as one.</p>
      )}
      <ul>
        {playlists?.map((p) => (
          <li key={p.id}>
            <a href={`#/playlists/${p.id}`}>{p.name}</a>{' '}
            <span className="muted">by {p.createdBy}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
