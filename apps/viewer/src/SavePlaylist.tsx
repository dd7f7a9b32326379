import { type FormEvent, useState } from 'react';
import { getJson } from './api.js';
import { type FilterForm, toFilter } from './filters.js';

/** Saves the current filters and order as a named playlist, then opens it. */
export function SavePlaylist({ form }: { form: FilterForm }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const playlist = await getJson<{ id: number }>('/api/playlists', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, filter: toFilter(form), order: form.order }),
      });
      location.hash = `#/playlists/${playlist.id}`;
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form className="save-playlist" onSubmit={save}>
      <input
        aria-label="Playlist name"
        placeholder="Name these filters…"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" disabled={!name.trim()}>
        Save as playlist
      </button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}
