/** State of an element that no attribute shows: rrweb records neither. */
export interface ElementState {
  /** The element's rrweb id. */
  id: number;
  /** A popover shown (`showPopover()`, a `popovertarget` button) or hidden. */
  popover?: boolean;
  /** A checkbox's `indeterminate` (a property only, set by script). */
  indeterminate?: boolean;
}

/**
 * Reports popovers opening and closing, and checkboxes' `indeterminate` as it changes; and
 * at each full snapshot (`reportAll`), every open popover and indeterminate checkbox.
 */
export function watchElementStates(
  idOf: (element: Element) => number,
  report: (states: ElementState[]) => void,
): { reportAll(): void; stop(): void } {
  let queued: ElementState[] = [];
  const queue = (element: Element, state: Omit<ElementState, 'id'>) => {
    const id = idOf(element);
    if (id < 0) return; // not recorded (blocked, or not in the page)
    if (queued.length === 0)
      queueMicrotask(() => {
        const states = queued;
        queued = [];
        report(states);
      });
    queued.push({ id, ...state });
  };

  const onToggle = (event: Event) => {
    const target = event.target;
    const newState = (event as Event & { newState?: string }).newState;
    if (target instanceof HTMLElement && target.hasAttribute('popover') && newState)
      queue(target, { popover: newState === 'open' });
  };
  // Clicking an indeterminate checkbox clears it without the setter.
  const indeterminate = new WeakSet<HTMLInputElement>();
  const onChange = (event: Event) => {
    const target = event.target;
    if (indeterminate.delete(target as HTMLInputElement))
      queue(target as HTMLInputElement, { indeterminate: false });
  };
  const proto = HTMLInputElement.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'indeterminate');
  const set = descriptor?.set;
  if (descriptor && set)
    Object.defineProperty(proto, 'indeterminate', {
      ...descriptor,
      set(this: HTMLInputElement, value: boolean) {
        set.call(this, value);
        if (value) indeterminate.add(this);
        queue(this, { indeterminate: this.indeterminate });
      },
    });
  document.addEventListener('toggle', onToggle, true);
  document.addEventListener('change', onChange, true);

  return {
    reportAll() {
      try {
        for (const element of document.querySelectorAll(':popover-open'))
          queue(element, { popover: true });
      } catch {
        // A browser without popovers.
      }
      for (const input of document.querySelectorAll('input'))
        if (input.indeterminate) {
          indeterminate.add(input);
          queue(input, { indeterminate: true });
        }
    },
    stop() {
      document.removeEventListener('toggle', onToggle, true);
      document.removeEventListener('change', onChange, true);
      if (descriptor) Object.defineProperty(proto, 'indeterminate', descriptor);
    },
  };
}
