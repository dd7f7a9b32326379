import type { Player } from '@tapedeck/player';

/** The player's speeds, slowest first (as its menu lists them). */
const SPEEDS = [0.5, 1, 2, 4, 8, 16];
const NUMBER_SPEEDS: Record<string, number> = { '1': 1, '2': 2, '3': 4, '4': 8 };

/** What the session page's keys do; each line of the help overlay is one of these. */
export const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ['Space'], what: 'Play or pause' },
  { keys: ['←', '→'], what: 'Back or forward 5 seconds (with Shift: 10 seconds)' },
  { keys: ['1', '2', '3', '4'], what: 'Speed 1×, 2×, 4×, 8×' },
  { keys: ['<', '>'], what: 'Slower or faster' },
  { keys: ['n', 'p'], what: 'Next or previous event' },
  { keys: ['s'], what: 'Skip inactivity on or off' },
  { keys: ['j', 'k'], what: 'Next or previous recording of the playlist (also Shift+N, Shift+P)' },
  { keys: ['?'], what: 'Show or hide these shortcuts' },
];

export interface ShortcutActions {
  player: Player | null;
  /** Moments to step through with n and p, in ms from the start. */
  moments: () => number[];
  /** Another recording of the playlist this one was opened from; null when none. */
  recording: ((step: 1 | -1) => void) | null;
  help: () => void;
}

/** Whether the key was typed into a field (or the player handled it already). */
function ignored(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  return Boolean(
    target?.closest?.('input, textarea, select, [contenteditable=""], [contenteditable="true"]'),
  );
}

/** Runs the shortcut for `event`, if there is one; true when it did. */
export function runShortcut(event: KeyboardEvent, a: ShortcutActions): boolean {
  if (ignored(event)) return false;
  const p = a.player;
  const now = p?.getSnapshot().currentTime ?? 0;
  const speed = p?.config.speed ?? 1;
  const step = event.shiftKey ? 10_000 : 5000;
  const key = event.key;
  if (key === '?') a.help();
  else if (key === ' ') p?.toggle();
  else if (key === 'ArrowLeft') p?.seek(now - step);
  else if (key === 'ArrowRight') p?.seek(now + step);
  else if (NUMBER_SPEEDS[key]) p?.setConfig({ speed: NUMBER_SPEEDS[key] });
  else if (key === '<' || key === '>') {
    const i = SPEEDS.indexOf(speed) + (key === '>' ? 1 : -1);
    p?.setConfig({ speed: SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, i))]! });
  } else if (key === 'n' || key === 'p') {
    const moments = a.moments().sort((x, y) => x - y);
    // Half a second of slack: pressing n twice must not land on the moment just reached.
    const to =
      key === 'n' ? moments.find((m) => m > now + 500) : moments.findLast((m) => m < now - 500);
    if (to !== undefined) p?.seek(to);
  } else if (key === 's') p?.setConfig({ skipInactive: !p.config.skipInactive });
  else if ((key === 'j' || key === 'N') && a.recording) a.recording(1);
  else if ((key === 'k' || key === 'P') && a.recording) a.recording(-1);
  else return false;
  event.preventDefault();
  return true;
}
