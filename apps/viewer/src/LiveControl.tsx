import type { Player } from '@tapedeck/player';
import { useEffect, useState } from 'react';
import type { SessionSummary } from './api.js';

/**
 * Beside the player of a session still being recorded: "Go live" follows the newest moment
 * ("Live") until paused or taken back. Opened from a live row of the list (`follow`), it
 * starts there; opened any other way (a link, a playlist), it starts at the start.
 */
export function LiveControl({
  player,
  session,
  follow,
}: {
  player: Player | null;
  session: Pick<SessionSummary, 'id' | 'live'> | null;
  follow: boolean;
}) {
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!player) return;
    setLive(player.getSnapshot().live);
    // The state changes every frame while playing; only `live` matters here.
    return player.subscribe((state) => setLive(state.live));
  }, [player]);
  const watchable = Boolean(player && session?.live);
  useEffect(() => {
    if (player && watchable && follow) player.goLive();
  }, [player, watchable, follow]);

  if (live)
    return (
      <span className="live-status" role="status" aria-label="Live">
        ● Live
      </span>
    );
  if (!watchable) return null;
  return (
    <button type="button" className="go-live" onClick={() => player?.goLive()}>
      Go live
    </button>
  );
}
