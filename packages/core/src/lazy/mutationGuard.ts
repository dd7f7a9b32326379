import { EventType, IncrementalSource, type RecordedEvent } from '@tapedeck/protocol';

/** Attribute and text changes a node may make in a burst, and per second after it. */
const BUCKET = 100;
const REFILL_PER_SECOND = 10;
/** Mutation records per second past which recording stops, for this many seconds in a row. */
const HARD_LIMIT = 10_000;
const HARD_SECONDS = 2;

interface MutationData {
  source: number;
  adds: unknown[];
  removes: unknown[];
  texts: { id: number }[];
  attributes: { id: number }[];
}

/**
 * Protects the page and the recording from a node that mutates too fast (an animation
 * written in attributes, a ticking counter): past its budget, that node's attribute and text
 * changes are dropped until the budget refills. Adds and removes are always kept, so the
 * replayed tree stays whole. Past a hard limit for the whole page, `onStorm` is called.
 */
export class MutationGuard {
  readonly #buckets = new Map<number, { tokens: number; at: number }>();
  readonly #onStorm: (perSecond: number) => void;
  #second = 0;
  #count = 0;
  #hotSeconds = 0;

  constructor(onStorm: (perSecond: number) => void) {
    this.#onStorm = onStorm;
  }

  /** Returns the event to keep (possibly trimmed), or null to drop it. */
  filter(event: RecordedEvent): RecordedEvent | null {
    if (event.type !== EventType.IncrementalSnapshot) return event;
    const data = event.data as MutationData;
    if (data.source !== IncrementalSource.Mutation) return event;
    this.#countStorm(event.timestamp, data);
    const texts = data.texts.filter((t) => this.#take(t.id, event.timestamp));
    const attributes = data.attributes.filter((a) => this.#take(a.id, event.timestamp));
    if (texts.length === data.texts.length && attributes.length === data.attributes.length)
      return event;
    if (!data.adds.length && !data.removes.length && !texts.length && !attributes.length)
      return null;
    return { ...event, data: { ...data, texts, attributes } };
  }

  #take(id: number, now: number): boolean {
    let bucket = this.#buckets.get(id);
    if (!bucket) {
      bucket = { tokens: BUCKET, at: now };
      this.#buckets.set(id, bucket);
    }
    bucket.tokens = Math.min(
      BUCKET,
      bucket.tokens + ((now - bucket.at) / 1000) * REFILL_PER_SECOND,
    );
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** A refilled bucket is the same as none: nodes that changed once (new ids all the time on
   * a busy page) are not remembered for ever. */
  #forgetRefilled(now: number): void {
    for (const [id, bucket] of this.#buckets)
      if (bucket.tokens + ((now - bucket.at) / 1000) * REFILL_PER_SECOND >= BUCKET)
        this.#buckets.delete(id);
  }

  /** Nodes with a budget in use (for tests). */
  get tracked(): number {
    return this.#buckets.size;
  }

  #countStorm(now: number, data: MutationData): void {
    const second = Math.floor(now / 1000);
    if (second !== this.#second) {
      this.#hotSeconds = this.#count > HARD_LIMIT ? this.#hotSeconds + 1 : 0;
      if (this.#hotSeconds >= HARD_SECONDS) this.#onStorm(this.#count);
      this.#second = second;
      this.#count = 0;
      this.#forgetRefilled(now);
    }
    this.#count +=
      data.adds.length + data.removes.length + data.texts.length + data.attributes.length;
  }
}
