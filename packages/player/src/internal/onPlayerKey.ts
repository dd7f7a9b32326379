const KEY_STEP_MS = 5000;

type Keyed = { toggle(): void; seek(ms: number): void; getSnapshot(): { currentTime: number } };

/**
 * Makes `root` focusable and the keys below control `player` while it has the focus. rrweb
 * replays the recorded page's focus, which moves the focus into the replay's iframe, where no
 * key reaches the player or its page: the focus comes back to `root` then.
 */
export function listenForKeys(root: HTMLElement, player: Keyed): void {
  root.tabIndex = 0;
  root.setAttribute('aria-label', 'Recording player: space plays or pauses, arrows seek');
  root.addEventListener('keydown', (event) => onPlayerKey(event, player));
  const view = root.ownerDocument.defaultView;
  const onBlur = () =>
    setTimeout(() => {
      // Gone with its player: stops listening (a destroyed player's root is out of the page).
      if (!root.isConnected) return view?.removeEventListener('blur', onBlur);
      const active = root.ownerDocument.activeElement;
      if (active?.tagName === 'IFRAME' && root.contains(active))
        root.focus({ preventScroll: true });
    });
  view?.addEventListener('blur', onBlur);
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
