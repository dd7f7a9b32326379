/** Per-project token buckets: `burst` chunks at once, refilled at `perSecond`. */
/** Hands out ingestion tokens: 0 when a chunk may come in, else the seconds to wait. */
export interface IngestLimiter {
  take(projectId: number): number | Promise<number>;
}

/** A token bucket per project, in this process (one server over SQLite). */
export class RateLimiter implements IngestLimiter {
  readonly #buckets = new Map<number, { tokens: number; at: number }>();
  readonly #perSecond: number;
  readonly #burst: number;

  constructor(perSecond: number, burst = perSecond * 5) {
    this.#perSecond = perSecond;
    this.#burst = burst;
  }

  /** Takes one token; returns 0 when allowed, else the seconds to wait. */
  take(projectId: number, now = Date.now()): number {
    let bucket = this.#buckets.get(projectId);
    if (!bucket) {
      bucket = { tokens: this.#burst, at: now };
      this.#buckets.set(projectId, bucket);
    }
    bucket.tokens = Math.min(
      this.#burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond,
    );
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perSecond));
  }
}
