import type { Player } from '@tapedeck/player';
import { useEffect, useState } from 'react';

/**
 * The player's current time, rounded down to `stepMs` while playing: the state changes every
 * frame then, and a list that highlights the current row needs far fewer renders than that.
 */
export function usePlayerTime(player: Player | null, stepMs = 100): number {
  const [time, setTime] = useState(0);
  useEffect(() => {
    if (!player) return;
    // Exact once paused (a seek lands on an event's moment); coarse while playing.
    const at = ({ status, currentTime }: { status: string; currentTime: number }) =>
      status === 'playing' ? Math.floor(currentTime / stepMs) * stepMs : currentTime;
    setTime(at(player.getSnapshot()));
    return player.subscribe((state) => setTime(at(state)));
  }, [player, stepMs]);
  return time;
}
