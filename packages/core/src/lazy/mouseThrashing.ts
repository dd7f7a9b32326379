import { IncrementalSource, type RecordedEvent, TapedeckEvent } from '@tapedeck/protocol';

type Emit = (tag: string, payload: Record<string, unknown>) => void;

const WINDOW_MS = 1500;
const REVERSALS = 6;
const MIN_SEGMENT_PX = 20;
const COOLDOWN_MS = 5000;

/**
 * Mouse thrashing: the pointer swings back and forth (6+ horizontal reversals of 20 px or
 * more within 1.5 s), a sign of frustration or confusion. Only where mouse moves are recorded.
 */
export class MouseThrashing {
  readonly #emit: Emit;
  #anchor = 0;
  #direction = 0;
  #reversals: number[] = [];
  #lastEmit = Number.NEGATIVE_INFINITY;

  constructor(emit: Emit) {
    this.#emit = emit;
  }

  /**
   * Reads rrweb's mouse-move samples (one per 50 ms, sent every half second) instead of
   * listening to every `mousemove` a second time: the engine already does.
   */
  samples(event: RecordedEvent): void {
    const data = event.data as { source?: number; positions: { x: number; timeOffset: number }[] };
    // Only incremental snapshots have a `source`.
    if (data.source === IncrementalSource.MouseMove)
      for (const p of data.positions) this.move(p.x, event.timestamp + p.timeOffset);
  }

  move(x: number, now = Date.now()): void {
    const delta = x - this.#anchor;
    if (Math.abs(delta) < MIN_SEGMENT_PX) return;
    const direction = Math.sign(delta);
    if (this.#direction !== 0 && direction !== this.#direction) {
      this.#reversals = this.#reversals.filter((t) => now - t <= WINDOW_MS);
      this.#reversals.push(now);
      if (this.#reversals.length >= REVERSALS && now - this.#lastEmit > COOLDOWN_MS) {
        this.#lastEmit = now;
        this.#reversals = [];
        this.#emit(TapedeckEvent.mouseThrashing, { reversals: REVERSALS, windowMs: WINDOW_MS });
      }
    }
    this.#direction = direction;
    this.#anchor = x;
  }
}
