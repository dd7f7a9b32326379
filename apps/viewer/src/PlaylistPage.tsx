import { useEffect, useState } from 'react';
import { AlertPanel } from './AlertPanel.js';
import { getJson, type PlaylistView } from './api.js';
import { playlistOrder } from './playlistOrder.js';
import { SessionTable } from './SessionTable.js';

/** A saved playlist: its pinned recordings, then those its filters find today. */
export function PlaylistPage({ id }: { id: string }) {
  const [view, setView] = useState<PlaylistView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getJson<PlaylistView>(`/api/playlists/${id}`).then(setView, (e: Error) => setError(e.message));
  }, [id]);
  if (error) return <p className="error">{error}</p>;
  if (!view) return <p className="muted">Loading the playlist…</p>;
  const all = playlistOrder(view);
  return (
    <section>
      <div className="toolbar">
        <h1>{view.playlist.name}</h1>
        <span className="muted">
          by {view.playlist.createdBy} · share this page's link with anyone who has a key
        </span>
      </div>
      {view.filterError && <p className="error">{view.filterError}</p>}
      <AlertPanel playlistId={id} hasFilter={view.playlist.filter !== null} />
      {all.length === 0 ? (
        <p className="muted">No recordings match this playlist yet.</p>
      ) : (
        <SessionTable sessions={all} playlistId={id} />
      )}
    </section>
  );
}
