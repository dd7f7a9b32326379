/** A refill rate and the most that may be spent at once. */
export interface Budget {
  perSecond: number;
  /** Default: 5 s worth. */
  burst?: number;
}

const MAX_BUCKETS = 100_000;

/**
 * Token buckets by key (a project, a session, a client address), in this process. Buckets
 * that have refilled are forgotten when there are too many, so a stream of new keys cannot
 * grow memory without bound.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #perSecond: number;
  readonly #burst: number;

  constructor(budget: Budget) {
    this.#perSecond = budget.perSecond;
    this.#burst = budget.burst ?? budget.perSecond * 5;
  }

  /** 0 when `key` has a token (nothing is taken); otherwise the seconds until it has one. */
  wait(key: string, now = Date.now()): number {
    const tokens = this.#refill(key, now).tokens;
    if (tokens >= 1) return 0;
    return Math.max(1, Math.ceil((1 - tokens) / this.#perSecond));
  }

  /** Takes `count` tokens; the bucket may go below zero (then it waits longer to refill). */
  take(key: string, count = 1, now = Date.now()): void {
    this.#refill(key, now).tokens -= count;
  }

  #refill(key: string, now: number) {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= MAX_BUCKETS) this.#forgetFull(now);
      bucket = { tokens: this.#burst, at: now };
      this.#buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(
      this.#burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond,
    );
    bucket.at = now;
    return bucket;
  }

  #forgetFull(now: number): void {
    const refillMs = (this.#burst / this.#perSecond) * 1000;
    for (const [key, bucket] of this.#buckets)
      if (now - bucket.at >= refillMs) this.#buckets.delete(key);
    // Everyone is active: forget the oldest half rather than grow.
    if (this.#buckets.size >= MAX_BUCKETS)
      for (const key of [...this.#buckets.keys()].slice(0, MAX_BUCKETS / 2))
        this.#buckets.delete(key);
  }
}
