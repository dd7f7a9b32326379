import type { BlobStore } from '../storage/BlobStore.js';
import type { ChunkKey, ChunkSummary, MetadataStore } from '../storage/MetadataStore.js';
import type { SegmentLocation, SegmentWriter } from '../storage/SegmentWriter.js';

/** A group stops growing past this many bytes or chunks. */
const MAX_GROUP_BYTES = 16 * 2 ** 20;
const MAX_GROUP_CHUNKS = 2000;

type Item = {
  key: ChunkKey;
  stored: Uint8Array;
  summary: ChunkSummary;
  resolve: (added: boolean) => void;
  reject: (error: unknown) => void;
};

/**
 * Group commit of new chunks. Chunks that arrive while the previous group is being written
 * form the next group: its bytes are appended to a segment and made durable at once (one
 * fsync, or one PUT), then its rows go in one transaction, then every chunk of it is
 * acknowledged. Nothing is acknowledged before both its bytes and its row are durable.
 * The next group's write overlaps this group's transaction; transactions keep their order.
 */
export class GroupCommit {
  readonly #metadata: MetadataStore;
  readonly #blobs: BlobStore;
  readonly #writer: SegmentWriter;
  readonly #unreferenced: () => void;
  #waiting: Item[] = [];
  #appending = false;
  #indexing: Promise<void> = Promise.resolve();
  /** Segments with a group written and its rows not yet committed. */
  readonly #busy = new Map<string, number>();
  /** Chunks handed in and not settled yet, by key. */
  readonly #inFlight = new Map<string, Promise<boolean>>();
  #open = 0;
  #idle: (() => void)[] = [];
  groups = 0;
  chunks = 0;
  /** Told the size of each group written (for metrics). */
  onGroup: (chunks: number) => void = () => {};

  /**
   * `unreferenced` is called after a group left bytes no row points at (a chunk another
   * server stored first, or one that failed): their ranges are queued; erase them soon.
   */
  constructor(
    metadata: MetadataStore,
    blobs: BlobStore,
    writer: SegmentWriter,
    unreferenced: () => void = () => {},
  ) {
    this.#metadata = metadata;
    this.#blobs = blobs;
    this.#writer = writer;
    this.#unreferenced = unreferenced;
  }

  /** Chunks waiting for the next group. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Fsyncs (or PUTs) of segment data so far: one per group. */
  get syncs(): number {
    return this.#writer.syncs;
  }

  /**
   * Stores the chunk in the next group; true once durable, false when already stored. The
   * same chunk sent again while the first copy is on its way waits for that copy, so its
   * bytes are written once.
   */
  add(key: ChunkKey, stored: Uint8Array, summary: ChunkSummary): Promise<boolean> {
    const id = `${key.projectId}/${key.sessionId}/${key.windowId}/${key.seq}`;
    const first = this.#inFlight.get(id);
    if (first)
      return first.then(
        () => false,
        () => this.add(key, stored, summary),
      );
    const added = this.#enqueue(key, stored, summary);
    this.#inFlight.set(id, added);
    const forget = () => this.#inFlight.delete(id);
    added.then(forget, forget);
    return added;
  }

  #enqueue(key: ChunkKey, stored: Uint8Array, summary: ChunkSummary): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.#open += 1;
      const done = () => {
        this.#open -= 1;
        if (this.#open === 0) for (const wake of this.#idle.splice(0)) wake();
      };
      this.#waiting.push({
        key,
        stored,
        summary,
        resolve: (added) => {
          done();
          resolve(added);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      this.#kick();
    });
  }

  /** Other processes write segments to the same store. */
  get shared(): boolean {
    return this.#writer.shared;
  }

  /** Whether a segment may still get bytes or rows: never remove it then. */
  inUse(segmentKey: string): boolean {
    return segmentKey === this.#writer.current || this.#busy.has(segmentKey);
  }

  /** Waits for every chunk handed in to be settled, then closes the segment. */
  async close(): Promise<void> {
    if (this.#open > 0) await new Promise<void>((wake) => this.#idle.push(wake));
    await this.#writer.close();
  }

  #kick(): void {
    if (this.#appending || this.#waiting.length === 0) return;
    this.#appending = true;
    // On disk, what arrived in this turn joins; an object store waits a little for more.
    const next = () => void this.#appendNext();
    if (this.#writer.windowMs > 0) setTimeout(next, this.#writer.windowMs);
    else setImmediate(next);
  }

  async #appendNext(): Promise<void> {
    const group = this.#take();
    if (group.length === 0) {
      this.#appending = false;
      return;
    }
    let locations: SegmentLocation[];
    try {
      locations = await this.#writer.append(group.map((item) => item.stored));
    } catch (error) {
      for (const item of group) item.reject(error);
      this.#appending = false;
      this.#kick();
      return;
    }
    const key = locations[0]!.key;
    this.#busy.set(key, (this.#busy.get(key) ?? 0) + 1);
    this.groups += 1;
    this.chunks += group.length;
    this.onGroup(group.length);
    this.#appending = false;
    this.#kick();
    this.#indexing = this.#indexing.then(() => this.#index(group, locations));
  }

  #take(): Item[] {
    let bytes = 0;
    let n = 0;
    while (n < this.#waiting.length && n < MAX_GROUP_CHUNKS && bytes < MAX_GROUP_BYTES)
      bytes += this.#waiting[n++]!.stored.length;
    return this.#waiting.splice(0, n);
  }

  async #index(group: Item[], locations: SegmentLocation[]): Promise<void> {
    const key = locations[0]!.key;
    try {
      const outcomes = await this.#metadata.addChunks(
        group.map((item, i) => {
          const { offset, length } = locations[i]!;
          const summary = { ...item.summary, blobKey: key, blobOffset: offset, blobLength: length };
          return { key: item.key, summary };
        }),
      );
      for (const [i, item] of group.entries()) {
        const outcome = outcomes[i]!;
        if (outcome.ok) item.resolve(outcome.added);
        else item.reject(outcome.error);
      }
      if (outcomes.some((o) => !(o.ok && o.added))) this.#unreferenced();
    } catch (error) {
      // No row points at these bytes; they were never acknowledged: erase them now.
      await this.#blobs.erase(key, locations).catch(() => {});
      for (const item of group) item.reject(error);
    } finally {
      const left = (this.#busy.get(key) ?? 1) - 1;
      if (left > 0) this.#busy.set(key, left);
      else this.#busy.delete(key);
    }
  }
}
