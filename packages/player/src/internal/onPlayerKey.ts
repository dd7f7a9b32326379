const KEY_STEP_MS = 5000;

/** Keyboard control of a player: space plays or pauses, ← and → seek 5 s. */
export function onPlayerKey(
  event: KeyboardEvent,
  player: { toggle(): void; seek(ms: number): void; getSnapshot(): { currentTime: number } },
): void {
  if ((event.target as HTMLElement).closest('input, select, textarea')) return;
  const { currentTime } = player.getSnapshot();
  if (event.key === ' ') player.toggle();
  else if (event.key === 'ArrowLeft') player.seek(currentTime - KEY_STEP_MS);
  else if (event.key === 'ArrowRight') player.seek(currentTime + KEY_STEP_MS);
  else return;
  event.preventDefault();
}
