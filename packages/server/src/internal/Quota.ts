import type { MetadataStore } from '../storage/MetadataStore.js';

const DAY_MS = 86_400_000;
const REREAD_MS = 10_000;

/**
 * A project's daily quota of stored bytes (UTC days), when one is set. Counted in memory
 * from what the store says was received that day; the quota and that count are re-read
 * every 10 s (other replicas ingest and change settings too), and at once after this
 * server changes the quota.
 */
export class Quota {
  readonly #metadata: MetadataStore;
  readonly #used = new Map<number, { day: number; bytes: number; readAt: number }>();
  readonly #limits = new Map<number, { bytes: number | null; readAt: number }>();

  constructor(metadata: MetadataStore) {
    this.#metadata = metadata;
  }

  /** 0 when the project may ingest; otherwise the seconds until the quota resets. */
  async check(projectId: number, now = Date.now()): Promise<number> {
    const limit = await this.#limit(projectId, now);
    if (limit === null) return 0;
    const used = await this.#today(projectId, now);
    if (used.bytes < limit) return 0;
    return Math.ceil((used.day + DAY_MS - now) / 1000);
  }

  /** The project's quota was changed here: read it again on the next chunk. */
  forget(projectId: number): void {
    this.#limits.delete(projectId);
  }

  async #limit(projectId: number, now: number): Promise<number | null> {
    const known = this.#limits.get(projectId);
    if (known && now - known.readAt <= REREAD_MS) return known.bytes;
    const bytes = await this.#metadata.getDailyQuotaBytes(projectId);
    this.#limits.set(projectId, { bytes, readAt: now });
    return bytes;
  }

  add(projectId: number, bytes: number, now = Date.now()): void {
    const used = this.#used.get(projectId);
    if (used && used.day === Math.floor(now / DAY_MS) * DAY_MS) used.bytes += bytes;
  }

  async #today(projectId: number, now: number) {
    const day = Math.floor(now / DAY_MS) * DAY_MS;
    let used = this.#used.get(projectId);
    // Re-read now and then: other replicas store chunks of the same project too.
    if (!used || used.day !== day || now - used.readAt > REREAD_MS) {
      const bytes = await this.#metadata.bytesReceivedSince(projectId, day);
      used = { day, bytes, readAt: now };
      this.#used.set(projectId, used);
    }
    return used;
  }
}
