import { EventType, type RecordedEvent, TapedeckEvent } from '@tapedeck/protocol';

interface Change {
  timestamp: number;
  id: number;
  key: 'popover' | 'indeterminate';
  value: boolean;
}

/**
 * State of elements that no attribute shows, as the recorder reports it (`$state`): popovers
 * open (in the top layer) and checkboxes indeterminate. rrweb's replay leaves every popover
 * closed and every checkbox plain; this puts them as they were at the moment shown.
 */
export class ElementStates {
  readonly #changes: Change[] = [];

  add(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      const data = event.data as {
        tag?: string;
        payload?: { states?: { id: number; popover?: boolean; indeterminate?: boolean }[] };
      };
      if (event.type !== EventType.Custom || data.tag !== TapedeckEvent.state) continue;
      for (const state of data.payload?.states ?? [])
        for (const key of ['popover', 'indeterminate'] as const) {
          const value = state[key];
          if (typeof value === 'boolean')
            this.#changes.push({ timestamp: event.timestamp, id: state.id, key, value });
        }
    }
    this.#changes.sort((a, b) => a.timestamp - b.timestamp);
  }

  /** Every reported element as it was at `timestamp` (not yet reported: closed, plain). */
  apply(nodeOf: (id: number) => Node | null, timestamp: number): void {
    if (this.#changes.length === 0) return;
    const wanted = new Map<string, Change>();
    for (const change of this.#changes) {
      const key = `${change.id} ${change.key}`;
      if (change.timestamp <= timestamp) wanted.set(key, change);
      else if (!wanted.has(key)) wanted.set(key, { ...change, value: false });
    }
    for (const { id, key, value } of wanted.values()) {
      const node = nodeOf(id) as HTMLElement | null;
      if (node?.nodeType !== 1) continue;
      if (key === 'indeterminate' && node.nodeName === 'INPUT')
        (node as HTMLInputElement).indeterminate = value;
      else if (key === 'popover' && node.hasAttribute('popover')) showPopover(node, value);
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
