import { EventType, type RecordedEvent, TapedeckEvent } from '@tapedeck/protocol';
import { assignSlot } from './assignSlot.js';

type Key = 'popover' | 'indeterminate' | 'assigned';
interface Change {
  timestamp: number;
  id: number;
  key: Key;
  value: boolean | number[];
}
interface Reported {
  id: number;
  popover?: boolean;
  indeterminate?: boolean;
  assigned?: number[];
}

/**
 * State of elements that no attribute shows, as the recorder reports it (`$state`): popovers
 * open (in the top layer), checkboxes indeterminate, and the nodes each slot of a manually
 * assigning shadow root shows. rrweb's replay leaves every popover closed, every checkbox
 * plain and slots every child by name; this puts them as they were at the moment shown.
 */
export class ElementStates {
  readonly #changes: Change[] = [];

  add(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      const data = event.data as { tag?: string; payload?: { states?: Reported[] } };
      if (event.type !== EventType.Custom || data.tag !== TapedeckEvent.state) continue;
      for (const state of data.payload?.states ?? [])
        for (const key of ['popover', 'indeterminate', 'assigned'] as const) {
          const value = state[key];
          if (typeof value === 'boolean' || Array.isArray(value))
            this.#changes.push({ timestamp: event.timestamp, id: state.id, key, value });
        }
    }
    this.#changes.sort((a, b) => a.timestamp - b.timestamp);
  }

  /**
   * Every reported element as it was at `timestamp` (a popover or checkbox not reported yet:
   * closed, plain; a slot not reported yet: as the replay has it).
   */
  apply(nodeOf: (id: number) => Node | null, timestamp: number): void {
    if (this.#changes.length === 0) return;
    const wanted = new Map<string, Change>();
    for (const change of this.#changes) {
      const key = `${change.id} ${change.key}`;
      if (change.timestamp <= timestamp) wanted.set(key, change);
      else if (!wanted.has(key) && typeof change.value === 'boolean')
        wanted.set(key, { ...change, value: false });
    }
    for (const { id, key, value } of wanted.values()) {
      const node = nodeOf(id) as HTMLElement | null;
      if (node?.nodeType !== 1) continue;
      if (key === 'indeterminate' && node.nodeName === 'INPUT')
        (node as HTMLInputElement).indeterminate = value === true;
      else if (key === 'popover' && node.hasAttribute('popover')) showPopover(node, value === true);
      else if (key === 'assigned' && Array.isArray(value)) assignSlot(node, value, nodeOf);
    }
  }
}

function showPopover(element: HTMLElement, open: boolean): void {
  try {
    if (element.matches(':popover-open') === open) return;
    if (open) element.showPopover();
    else element.hidePopover();
  } catch {
    // A browser without popovers, or an element that cannot be one.
  }
}
