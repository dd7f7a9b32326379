import { el } from './el.js';

/** Activity less than this far apart is drawn as one stretch. */
const JOIN_MS = 2000;

export interface Lane {
  id: string;
  label: string;
  /** The window's first and last event, ms since the epoch. */
  from: number;
  to: number;
  /** When the user acted in the window, ms since the epoch, in order. */
  activity: readonly number[];
}

/** Under the progress bar, a thin lane per window: when it was open, and when the user acted in it. */
export class WindowLanes {
  readonly element = el('div', 'td-player-lanes');
  #current: string | null = null;

  /** Draws `lanes` over a recording from `start` (ms since the epoch) lasting `duration` ms. */
  set(lanes: Lane[], start: number, duration: number): void {
    if (lanes.length < 2 || !duration) {
      this.element.replaceChildren();
      return;
    }
    const span = (className: string, from: number, to: number) => {
      const node = el('span', className);
      node.style.left = `${((from - start) / duration) * 100}%`;
      node.style.width = `${(Math.max(0, to - from) / duration) * 100}%`;
      return node;
    };
    this.element.replaceChildren(
      ...lanes.map((lane) => {
        const row = el('div', 'td-player-lane');
        row.dataset.lane = lane.id;
        row.title = `${lane.label}: when it was open, and when the user acted in it`;
        row.append(
          span('td-player-lane-open', lane.from, lane.to),
          ...stretches(lane.activity).map(([from, to]) => span('td-player-lane-active', from, to)),
        );
        return row;
      }),
    );
    this.current(this.#current);
  }

  /** Marks the lane of the window on screen. */
  current(windowId: string | null): void {
    this.#current = windowId;
    for (const row of this.element.children as HTMLCollectionOf<HTMLElement>)
      row.classList.toggle('td-player-lane-current', row.dataset.lane === windowId);
  }
}

/** Sorted times as stretches `[from, to]`, joining those less than JOIN_MS apart. */
function stretches(times: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const t of times) {
    const last = out.at(-1);
    if (last && t - last[1] < JOIN_MS) last[1] = t;
    else out.push([t, t]);
  }
  return out;
}
