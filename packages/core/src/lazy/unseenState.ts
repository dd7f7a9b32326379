import { type RecordedEvent, TapedeckEvent } from '@tapedeck/protocol';
import { watchAnimationPauses } from './animationPauses.js';
import { watchElementStates } from './elementStates.js';
import { reportImportedStyles } from './importedStyles.js';
import { watchScrollsTogether } from './scrollsTogether.js';
import { watchSlotAssignments } from './slotAssignments.js';

/**
 * What the page shows that rrweb does not record: popovers open, checkboxes indeterminate,
 * slots assigned by hand, `@import`s with their layers and conditions, CSS animations
 * paused, and elements scrolled together within one of rrweb's scroll windows. `reportAll()`
 * after each full snapshot, with the shadow hosts it recorded.
 */
export function watchUnseenState(
  mirror: { getId(node: Node): number },
  /** Adds a custom event (`record.addCustomEvent`). */
  custom: (tag: string, payload: unknown) => void,
  /** Takes an rrweb event as if rrweb had emitted it. */
  emit: (event: RecordedEvent) => void,
): { reportAll(hosts: readonly (Element | null)[]): void; stop(): void } {
  const idOf = (node: Node) => mirror.getId(node);
  const state = (list: object[]) => custom(TapedeckEvent.state, { states: list });
  const states = watchElementStates(idOf, state);
  const slots = watchSlotAssignments(idOf, state);
  const stopPauses = watchAnimationPauses(idOf, (started) =>
    custom(TapedeckEvent.animations, { started }),
  );
  const stopScrolls = watchScrollsTogether(idOf, emit);
  return {
    reportAll(hosts) {
      states.reportAll();
      slots.reportAll(hosts);
      reportImportedStyles(idOf, (list) => custom(TapedeckEvent.styles, { styles: list }));
    },
    stop() {
      states.stop();
      slots.stop();
      stopPauses();
      stopScrolls();
    },
  };
}
