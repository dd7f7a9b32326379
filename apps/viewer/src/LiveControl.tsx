import type { Player } from '@tapedeck/player';
import { useEffect, useState } from 'react';
import type { SessionSummary } from './api.js';

/**
 * Beside the player of a session still being recorded: opened without a moment to show, it
 * follows the newest moment ("Live"); taken back (paused, or a seek), "Go live" returns there.
 */
export function LiveControl({
  player,
  session,
  startAt,
}: {
  player: Player | null;
  session: Pick<SessionSummary, 'id' | 'live'> | null;
  startAt: number;
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
    // A link to a moment (`?t=`) shows that moment; otherwise a live session opens live.
    if (player && watchable && !startAt) player.goLive();
  }, [player, watchable, startAt]);

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
