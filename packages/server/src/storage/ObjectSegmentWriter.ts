import type { BlobStore } from './BlobStore.js';
import { frame, newSegmentKey, type SegmentLocation, type SegmentWriter } from './SegmentWriter.js';

/**
 * Segments in an object store: each group of chunks is one object, written with one PUT
 * (durable once it succeeds). Objects are written once; deletion rewrites them (see
 * `S3BlobStore.erase`). Chunks arriving within `windowMs` of the first form one group.
 */
export class ObjectSegmentWriter implements SegmentWriter {
  readonly current = null;
  readonly shared = true;
  readonly windowMs: number;
  readonly #blobs: BlobStore;
  #syncs = 0;

  constructor(blobs: BlobStore, windowMs = 20) {
    this.#blobs = blobs;
    this.windowMs = windowMs;
  }

  get syncs(): number {
    return this.#syncs;
  }

  async append(chunks: readonly Uint8Array[]): Promise<SegmentLocation[]> {
    const key = newSegmentKey();
    const { data, starts } = frame(chunks);
    await this.#blobs.put(key, data);
    this.#syncs += 1;
    return chunks.map((chunk, i) => ({ key, offset: starts[i]!, length: chunk.length }));
  }

  async close(): Promise<void> {}
}
