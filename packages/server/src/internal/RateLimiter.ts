import { TokenBuckets } from './TokenBuckets.js';

/** Hands out ingestion tokens: 0 when a chunk may come in, else the seconds to wait. */
export interface IngestLimiter {
  take(projectId: number): number | Promise<number>;
}

/** A token bucket per project, in this process (one server over SQLite). */
export class RateLimiter implements IngestLimiter {
  readonly #buckets: TokenBuckets;

  constructor(perSecond: number, burst = perSecond * 5) {
    this.#buckets = new TokenBuckets({ perSecond, burst });
  }

  /** Takes one token; returns 0 when allowed, else the seconds to wait. */
  take(projectId: number, now = Date.now()): number {
    const key = String(projectId);
    const wait = this.#buckets.wait(key, now);
    if (wait === 0) this.#buckets.take(key, 1, now);
    return wait;
  }
}
