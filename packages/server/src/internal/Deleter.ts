import type { BlobStore } from '../storage/BlobStore.js';
import type { MetadataStore } from '../storage/MetadataStore.js';

const DAY_MS = 86_400_000;
const BATCH = 500;

/**
 * Deletes sessions for good: their rows go in one transaction that also queues their blobs,
 * then the blobs are removed and unqueued. A crash in between leaves the queue, which the
 * next `drain()` (at start, and after every deletion) finishes: no chunk is left behind.
 */
export class Deleter {
  readonly #metadata: MetadataStore;
  readonly #blobs: BlobStore;

  constructor(metadata: MetadataStore, blobs: BlobStore) {
    this.#metadata = metadata;
    this.#blobs = blobs;
  }

  async deleteSessions(projectId: number, sessionIds: string[]): Promise<number> {
    const deleted = await this.#metadata.deleteSessions(projectId, sessionIds);
    await this.drain();
    return deleted;
  }

  /** Right to erasure: every session of a person, and the person. */
  async deletePerson(projectId: number, distinctId: string): Promise<number | null> {
    const ids = await this.#metadata.sessionIdsOfPerson(projectId, distinctId);
    const existed = await this.#metadata.deletePerson(projectId, distinctId);
    if (!existed && ids.length === 0) return null;
    return this.deleteSessions(projectId, ids);
  }

  /** Deletes what is past each project's retention. Returns how many sessions went. */
  async enforceRetention(now = Date.now()): Promise<number> {
    // Every replica runs the job; one at a time does the work.
    return (await this.#metadata.exclusive('retention', () => this.#expire(now))) ?? 0;
  }

  async #expire(now: number): Promise<number> {
    let total = 0;
    for (const project of await this.#metadata.listProjects()) {
      const days = await this.#metadata.getRetentionDays(project.id);
      for (;;) {
        const ids = await this.#metadata.expiredSessionIds(project.id, now - days * DAY_MS, BATCH);
        if (ids.length === 0) break;
        total += await this.deleteSessions(project.id, ids);
      }
    }
    return total;
  }

  /** Removes every queued blob. */
  async drain(): Promise<void> {
    for (;;) {
      const keys = await this.#metadata.pendingBlobDeletions(BATCH);
      if (keys.length === 0) return;
      for (const key of keys) await this.#blobs.delete(key);
      await this.#metadata.blobsDeleted(keys);
    }
  }
}
