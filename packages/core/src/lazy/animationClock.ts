/** When a CSS animation started: its element's rrweb id, its name, and the time it began. */
export interface AnimationStart {
  id: number;
  name: string;
  at: number;
  /** Where it stands, when it is paused (ms into the animation). */
  paused?: number;
}

const MAX_PER_REPORT = 500;

/**
 * Whether this document has had a CSS animation (one that starts paused fires
 * `animationstart` too): until it has, nothing can pause or resume, and `watchAnimationPauses`
 * skips `document.getAnimations()`, which walks the whole document (3 ms at 18,000 nodes).
 */
export let animationsSeen = false;

/**
 * A replay rebuilds the page at each seek, so every CSS animation restarts from its first
 * frame. This reports when each one really started (at every full snapshot, and as new ones
 * start), so the player can show the frame the user saw at any moment.
 */
export function watchAnimations(
  idOf: (element: Element) => number,
  report: (started: AnimationStart[]) => void,
): { reportAll(): void; stop(): void } {
  const describe = (animation: Animation): AnimationStart | null => {
    if (!('animationName' in animation)) return null; // CSS animations only
    const target = (animation.effect as KeyframeEffect | null)?.target;
    const time = animation.currentTime;
    if (!target || typeof time !== 'number') return null;
    const id = idOf(target);
    if (id < 0) return null;
    const paused = animation.playState === 'paused' ? { paused: Math.round(time) } : {};
    return {
      id,
      name: String(animation.animationName),
      at: Math.round(Date.now() - time),
      ...paused,
    };
  };
  const send = (animations: Animation[]) => {
    const started = animations
      .map(describe)
      .filter((s) => s !== null)
      .slice(0, MAX_PER_REPORT);
    if (started.length > 0) report(started);
  };
  let fresh = new Set<Animation>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onStart = (event: Event) => {
    const { target, animationName } = event as AnimationEvent;
    animationsSeen = true;
    if (!(target instanceof Element) || typeof target.getAnimations !== 'function') return;
    for (const animation of target.getAnimations())
      if ((animation as CSSAnimation).animationName === animationName) fresh.add(animation);
    timer ??= setTimeout(() => {
      timer = undefined;
      send([...fresh]);
      fresh = new Set();
    }, 100);
  };
  document.addEventListener('animationstart', onStart, true);
  return {
    // Not every browser (nor jsdom) has the Web Animations API.
    reportAll: () => {
      if (typeof document.getAnimations !== 'function') return;
      const all = document.getAnimations();
      if (all.length) animationsSeen = true;
      send(all);
    },
    stop() {
      clearTimeout(timer);
      document.removeEventListener('animationstart', onStart, true);
    },
  };
}
