import { type AnimationStart, animationsSeen } from './animationClock.js';

/**
 * A CSS animation paused (`animation-play-state` set by a class or a style) stays where it
 * stopped; without a report the player would show it running on from its start. This
 * reports each pause and resume, within a frame of the change that made it.
 */
export function watchAnimationPauses(
  idOf: (element: Element) => number,
  report: (changes: AnimationStart[]) => void,
): () => void {
  if (typeof document.getAnimations !== 'function') return () => {};
  const paused = new WeakMap<Animation, boolean>();
  let frame = 0;
  const check = () => {
    frame = 0;
    const changes: AnimationStart[] = [];
    for (const animation of document.getAnimations()) {
      if (!('animationName' in animation)) continue; // CSS animations only
      const isPaused = animation.playState === 'paused';
      const was = paused.get(animation);
      paused.set(animation, isPaused);
      if (was === isPaused || (was === undefined && !isPaused)) continue;
      const target = (animation.effect as KeyframeEffect | null)?.target;
      const time = animation.currentTime;
      const id = target ? idOf(target) : -1;
      if (id < 0 || typeof time !== 'number') continue;
      changes.push({
        id,
        name: (animation as CSSAnimation).animationName,
        at: Date.now() - time,
        // A resume reports where it stands now; a pause, where it stopped.
        paused: isPaused ? time : undefined,
      });
    }
    if (changes.length > 0) report(changes);
  };
  // A busy page changes classes every frame: look only once the page has CSS animations.
  const schedule = () => {
    if (animationsSeen) frame ||= requestAnimationFrame(check);
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document, {
    attributes: true,
    attributeFilter: ['class', 'style'],
    subtree: true,
  });
  return () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
  };
}
