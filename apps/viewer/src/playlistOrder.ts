import { useEffect, useState } from 'react';
import { getJson, type PlaylistView, type SessionSummary } from './api.js';

/** A playlist's recordings in the order it lists them: pinned first, then what its filters find. */
export function playlistOrder(view: PlaylistView): SessionSummary[] {
  return [...view.pinned, ...view.sessions.filter((s) => !view.pinned.some((p) => p.id === s.id))];
}

export interface PlaylistPlace {
  name: string;
  /** 0-based place of the recording in the playlist; -1 when it is not in it (any more). */
  index: number;
  ids: string[];
}

/** Where recording `id` sits in playlist `playlistId` (when it was opened from one). */
export function usePlaylistPlace(playlistId: string | undefined, id: string): PlaylistPlace | null {
  const [view, setView] = useState<PlaylistView | null>(null);
  useEffect(() => {
    setView(null);
    if (playlistId) getJson<PlaylistView>(`/api/playlists/${playlistId}`).then(setView, () => {});
  }, [playlistId]);
  if (!view) return null;
  const ids = playlistOrder(view).map((s) => s.id);
  return { name: view.playlist.name, index: ids.indexOf(id), ids };
}
