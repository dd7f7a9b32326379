import { useEffect, useState } from 'react';
import type { Playlist } from './api.js';
import { getJson } from './api.js';

/** Pins this recording to a playlist, so it stays there whatever the filters find. */
export function PinToPlaylist({ sessionId }: { sessionId: string }) {
  const [playlists, setPlaylists] = useState<Playlist[]>([]);
  const [chosen, setChosen] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    getJson<{ playlists: Playlist[] }>('/api/playlists').then(
      (r) => {
        setPlaylists(r.playlists);
        setChosen(String(r.playlists[0]?.id ?? ''));
      },
      () => {},
    );
  }, []);
  if (playlists.length === 0) return null;
  const pin = async () => {
    const playlist = playlists.find((p) => String(p.id) === chosen);
    if (!playlist) return;
    try {
      await getJson(`/api/playlists/${playlist.id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ pinned: [...new Set([...playlist.pinned, sessionId])] }),
      });
      setStatus(`Pinned to ${playlist.name}.`);
    } catch (e) {
      setStatus((e as Error).message);
    }
  };
  return (
    <div className="add-to-notebook">
      <select aria-label="Playlist" value={chosen} onChange={(e) => setChosen(e.target.value)}>
        {playlists.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <button type="button" onClick={pin}>
        Pin to playlist
      </button>
      {status && <span role="status"> {status}</span>}
    </div>
  );
}
