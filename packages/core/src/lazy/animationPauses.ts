import type { AnimationStart } from './animationClock.js';

/** A pause or a resume, as it happened. */
export interface AnimationChange extends AnimationStart {
  state: 'paused' | 'running';
}

/**
 * A CSS animation paused (`animation-play-state` set by a class or a style, or
 * `animation.pause()`) stays where it stopped; without a report the player would show it
 * running on from its start. This reports each pause and resume, within a frame of it.
 */
export function watchAnimationPauses(
  idOf: (element: Element) => number,
  report: (changes: AnimationChange[]) => void,
): () => void {
  if (typeof document.getAnimations !== 'function') return () => {};
  const paused = new WeakMap<Animation, boolean>();
  let frame = 0;
  const check = () => {
    frame = 0;
    const changes: AnimationChange[] = [];
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
        name: String(animation.animationName),
        at: Math.round(Date.now() - time),
        ...(isPaused ? { paused: Math.round(time) } : {}),
        state: isPaused ? 'paused' : 'running',
      });
    }
    if (changes.length > 0) report(changes);
  };
  const schedule = () => {
    frame ||= requestAnimationFrame(check);
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document, {
    attributes: true,
    attributeFilter: ['class', 'style'],
    subtree: true,
  });
  const proto = Animation.prototype;
  const { pause, play } = proto;
  proto.pause = function (this: Animation) {
    pause.call(this);
    schedule();
  };
  proto.play = function (this: Animation) {
    play.call(this);
    schedule();
  };
  return () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
    proto.pause = pause;
    proto.play = play;
  };
}
