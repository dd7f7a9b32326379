import type { EventTimes } from './EventTimes.js';

/** What choosing a window needs to know of it (times in ms since the epoch). */
export interface WindowTimes {
  readonly start: number;
  readonly end: number;
  readonly activity: EventTimes;
}

/**
 * The window to show at `timestamp` when following the user: the one they acted in last.
 * A window with no activity yet shows until another acts; one whose recording has ended
 * gives way to one still going. `windows` are in the order they began (the first is shown
 * when nobody has acted yet).
 */
export function windowAt<W extends WindowTimes>(
  windows: readonly W[],
  timestamp: number,
): W | undefined {
  const begun = windows.filter((w) => w.start <= timestamp);
  const going = begun.filter((w) => w.end >= timestamp);
  const pool = going.length > 0 ? going : begun.length > 0 ? begun : windows;
  let shown = pool[0];
  let last = Number.NEGATIVE_INFINITY;
  for (const w of pool) {
    const acted = w.activity.latest(timestamp);
    if (acted !== undefined && acted > last) {
      shown = w;
      last = acted;
    }
  }
  return shown;
}
