import type { BlobStore } from '../storage/BlobStore.js';
import type { Erasure, MetadataStore } from '../storage/MetadataStore.js';
import { isSegmentKey } from '../storage/SegmentWriter.js';

const DAY_MS = 86_400_000;
const BATCH = 500;
/** A segment no row points at is removed once this old (a replica may be indexing it). */
export const SEGMENT_GRACE_MS = 10 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Deletes sessions for good: their rows go in one transaction that also queues their blobs
 * (and, for chunks in shared segments, their byte ranges), then the blobs are removed, the
 * ranges overwritten with zeros, and both unqueued. A crash in between leaves the queues,
 * which the next `drain()` (at start, and after every deletion) finishes: no chunk is left
 * behind. A segment whose every chunk is gone (deleted, or compacted into a pack) is removed.
 */
export class Deleter {
  readonly #metadata: MetadataStore;
  readonly #blobs: BlobStore;
  readonly #inUse: (segmentKey: string) => boolean;
  readonly #graceMs: number;
  #draining: Promise<void> = Promise.resolve();

  /**
   * `segments.inUse` names a segment this process is still writing (never removed);
   * `graceMs`, how old an unindexed segment must be before it counts as a leftover: other
   * replicas may be writing to a shared store (the folder has one writer: 0).
   */
  constructor(
    metadata: MetadataStore,
    blobs: BlobStore,
    segments: { inUse: (segmentKey: string) => boolean; graceMs: number } = {
      inUse: () => false,
      graceMs: SEGMENT_GRACE_MS,
    },
  ) {
    this.#metadata = metadata;
    this.#blobs = blobs;
    this.#inUse = segments.inUse;
    this.#graceMs = segments.graceMs;
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
    const expired = await this.#metadata.exclusive('retention', async () => {
      const total = await this.#expire(now);
      await this.drain();
      await this.sweepSegments(now);
      return total;
    });
    return expired ?? 0;
  }

  /** Removes segments no row points at (left by a crash, or emptied), past the grace. */
  async sweepSegments(now = Date.now()): Promise<number> {
    let removed = 0;
    for await (const key of this.#blobs.list()) {
      if (!isSegmentKey(key) || this.#inUse(key)) continue;
      const stat = await this.#blobs.stat(key);
      if (!stat || stat.modifiedAt > now - this.#graceMs) continue;
      if (await this.#metadata.blobReferenced(key)) continue;
      await this.#blobs.delete(key);
      removed += 1;
    }
    return removed;
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

  /**
   * Removes every queued blob and erases every queued range. One drain at a time in this
   * process (a segment object rewritten by two at once would undo one's erasure); a call
   * made meanwhile runs after it, and so also sees what was queued meanwhile.
   */
  drain(): Promise<void> {
    const run = () => this.#drain();
    const next = this.#draining.then(run, run);
    this.#draining = next.catch(() => {});
    return next;
  }

  async #drain(): Promise<void> {
    for (;;) {
      const keys = await this.#metadata.pendingBlobDeletions(BATCH);
      if (keys.length === 0) break;
      for (const key of keys) await this.#blobs.delete(key);
      await this.#metadata.blobsDeleted(keys);
    }
    // One process at a time rewrites a segment (an object store rewrites it whole): wait
    // for the one that is at it, which also erases what was queued meanwhile.
    for (let attempt = 0; attempt < 100; attempt++) {
      const done = await this.#metadata.exclusive('erasure', () => this.#erase());
      if (done !== null) return;
      await sleep(100);
    }
    throw new Error('Erasing deleted chunks: another server has held the erasure lock for 10 s.');
  }

  async #erase(): Promise<true> {
    for (;;) {
      const erasures = await this.#metadata.pendingErasures(BATCH);
      if (erasures.length === 0) return true;
      const bySegment = new Map<string, Erasure[]>();
      for (const e of erasures) bySegment.set(e.blobKey, [...(bySegment.get(e.blobKey) ?? []), e]);
      for (const [key, ranges] of bySegment) {
        await this.#blobs.erase(key, ranges);
        // Every chunk gone: the segment goes too (unless it is still being written).
        if (!this.#inUse(key) && !(await this.#metadata.blobReferenced(key)))
          await this.#blobs.delete(key);
      }
      await this.#metadata.erasuresDone(erasures);
    }
  }
}
