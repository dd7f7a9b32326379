import type { MetadataStore } from '../storage/MetadataStore.js';

const DAY_MS = 86_400_000;
const REREAD_MS = 10_000;

/**
 * A project's daily quota of stored bytes (UTC days), when one is set. Counted in memory
 * from what the store says was received that day, re-read every 10 s.
 */
export class Quota {
  readonly #metadata: MetadataStore;
  readonly #used = new Map<number, { day: number; bytes: number; readAt: number }>();

  constructor(metadata: MetadataStore) {
    this.#metadata = metadata;
  }

  /** 0 when the project may ingest; otherwise the seconds until the quota resets. */
  async check(projectId: number, now = Date.now()): Promise<number> {
    const limit = await this.#metadata.getDailyQuotaBytes(projectId);
    if (limit === null) return 0;
    const used = await this.#today(projectId, now);
    if (used.bytes < limit) return 0;
    return Math.ceil((used.day + DAY_MS - now) / 1000);
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
