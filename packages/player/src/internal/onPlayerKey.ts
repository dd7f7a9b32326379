const KEY_STEP_MS = 5000;

type Keyed = { toggle(): void; seek(ms: number): void; getSnapshot(): { currentTime: number } };

/**
 * Makes `root` focusable and the keys below control `player` while it has the focus (keys
 * typed while the replayed page holds the focus are passed on to `root`).
 */
export function listenForKeys(root: HTMLElement, player: Keyed): void {
  root.tabIndex = 0;
  root.setAttribute('aria-label', 'Recording player: space plays or pauses, arrows seek');
  root.addEventListener('keydown', (event) => onPlayerKey(event, player));
}

/** Keyboard control of a player: space plays or pauses, ← and → seek 5 s. */
export function onPlayerKey(event: KeyboardEvent, player: Keyed): void {
  if ((event.target as HTMLElement).closest('input, select, textarea')) return;
  const { currentTime } = player.getSnapshot();
  if (event.key === ' ') player.toggle();
  else if (event.key === 'ArrowLeft') player.seek(currentTime - KEY_STEP_MS);
  else if (event.key === 'ArrowRight') player.seek(currentTime + KEY_STEP_MS);
  else return;
  event.preventDefault();
}
