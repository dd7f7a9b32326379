import type { Player, PlayerState } from '@tapedeck/player';
import { useEffect, useState } from 'react';
import type { SessionSummary } from './api.js';

/**
 * Beside the player of a session still being recorded: "Go live" follows the newest moment
 * ("Live") until paused or taken back. Opened from a live row of the list (`follow`), it
 * starts there; opened any other way (a link, a playlist), it starts at the start. While the
 * player gets a lost stream back it says "Reconnecting…"; if it gives up (its error shows
 * above the player), "Reload" opens the page afresh.
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
  const [shown, setShown] = useState<Shown>('idle');
  useEffect(() => {
    if (!player) return;
    setShown(shownOf(player.getSnapshot()));
    // The state changes every frame while playing; only what is shown here matters.
    return player.subscribe((state) => setShown(shownOf(state)));
  }, [player]);
  const watchable = Boolean(player && session?.live);
  useEffect(() => {
    if (player && watchable && follow) player.goLive();
  }, [player, watchable, follow]);

  if (shown === 'reconnecting')
    return (
      <span className="live-status reconnecting" role="status" aria-label="Reconnecting">
        Reconnecting…
      </span>
    );
  if (shown === 'live')
    return (
      <span className="live-status" role="status" aria-label="Live">
        ● Live
      </span>
    );
  if (!watchable) return null;
  if (shown === 'lost')
    return (
      <button type="button" className="go-live" onClick={() => location.reload()}>
        Reload
      </button>
    );
  return (
    <button type="button" className="go-live" onClick={() => player?.goLive()}>
      Go live
    </button>
  );
}

type Shown = 'idle' | 'live' | 'reconnecting' | 'lost';

const shownOf = (state: PlayerState): Shown =>
  state.reconnecting
    ? 'reconnecting'
    : state.status === 'error'
      ? 'lost'
      : state.live
        ? 'live'
        : 'idle';
