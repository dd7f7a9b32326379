import { type RecordedEvent, TapedeckEvent } from '@tapedeck/protocol';
import { watchAnimationPauses } from './animationPauses.js';
import { watchElementStates } from './elementStates.js';
import { watchScrollsTogether } from './scrollsTogether.js';

/**
 * What the page shows that rrweb does not record: popovers open and checkboxes
 * indeterminate, CSS animations paused, and elements scrolled together within one of rrweb's
 * scroll windows. `reportAll()` after each full snapshot.
 */
export function watchUnseenState(
  mirror: { getId(node: Node): number },
  privacy: { isBlocked(element: Element): boolean },
  /** Adds a custom event (`record.addCustomEvent`). */
  custom: (tag: string, payload: unknown) => void,
  /** Takes an rrweb event as if rrweb had emitted it. */
  emit: (event: RecordedEvent) => void,
): { reportAll(): void; stop(): void } {
  const idOf = (node: Node) => mirror.getId(node);
  const states = watchElementStates(idOf, (list) => custom(TapedeckEvent.state, { states: list }));
  const stopPauses = watchAnimationPauses(idOf, (started) =>
    custom(TapedeckEvent.animations, { started }),
  );
  const stopScrolls = watchScrollsTogether(idOf, (element) => privacy.isBlocked(element), emit);
  return {
    reportAll: () => states.reportAll(),
    stop() {
      states.stop();
      stopPauses();
      stopScrolls();
    },
  };
}
