import type { RecordedEvent } from '@tapedeck/protocol';

/**
 * The recording's event times, sorted, to pause rrweb's replayer *through* a moment.
 *
 * rrweb's `pause(offset)` applies only the events strictly before `offset`, so pausing at a
 * moment leaves out what happened in that very millisecond — and at the recording's end
 * (the last event's time) the last batch of changes, which is where the user left.
 */
export class EventTimes {
  readonly #times: number[] = [];

  add(events: readonly RecordedEvent[]): void {
    for (const { timestamp } of events) {
      // Batches arrive mostly in order: appending is the common case.
      if (!(timestamp < (this.#times.at(-1) ?? Number.NEGATIVE_INFINITY)))
        this.#times.push(timestamp);
      else this.#times.splice(this.#after(timestamp), 0, timestamp);
    }
  }

  /** The first time, or undefined when there is none. */
  first(): number | undefined {
    return this.#times[0];
  }

  /** The last time, or undefined when there is none. */
  last(): number | undefined {
    return this.#times.at(-1);
  }

  /** The latest time at or before `timestamp`, or undefined when there is none. */
  latest(timestamp: number): number | undefined {
    return this.#times[this.#after(timestamp) - 1];
  }

  /** The first time after `timestamp`, or undefined when there is none. */
  next(timestamp: number): number | undefined {
    return this.#times[this.#after(timestamp)];
  }

  /** Every time, in order. */
  all(): readonly number[] {
    return this.#times;
  }

  /** From the first event to the last, in ms. */
  span(): number {
    return (this.#times.at(-1) ?? 0) - (this.#times[0] ?? 0);
  }

  /**
   * The offset to give rrweb's `pause()` so that it applies every event up to and including
   * `at` (ms from `start`) and none after: halfway to the next event, or just past the end.
   * Not the next event's own time: rrweb starts from the last Meta event at or before the
   * offset, and a Meta event there (a new page) would then drop the page shown before it.
   */
  through(start: number, at: number): number {
    const next = this.#times[this.#after(start + at)];
    return next === undefined ? at + 1 : (at + next - start) / 2;
  }

  /** Index of the first time after `timestamp`. */
  #after(timestamp: number): number {
    let low = 0;
    let high = this.#times.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.#times[mid]! <= timestamp) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
