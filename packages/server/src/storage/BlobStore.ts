import type { SegmentWriter } from './SegmentWriter.js';

/** A range of a blob. */
export interface BlobRange {
  offset: number;
  length: number;
}

/**
 * Compressed chunks, by key. A folder on disk by default; an object store past one machine.
 * `put` resolves only once the bytes are durable. Chunks arrive in append-only segments
 * (see `segmentWriter`); loose chunk files and packs of older versions are read the same.
 */
export interface BlobStore {
  put(key: string, data: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  /** `length` bytes from `offset`: one chunk of a segment or a packed blob. */
  getRange(key: string, offset: number, length: number): Promise<Uint8Array>;
  has(key: string): Promise<boolean>;
  /** Size and last change (ms) of a blob; null when it is missing. */
  stat(key: string): Promise<{ size: number; modifiedAt: number } | null>;
  /** Every key, including leftovers of writes a crash interrupted (not ending in `.json.gz`). */
  list(): AsyncIterable<string>;
  /** Removes the blob; a missing one is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Overwrites ranges with zeros, durably, keeping the blob's length (so other ranges stay
   * where rows point): in place and fsynced on disk, the object rewritten in an object store.
   * A missing blob is not an error.
   */
  erase(key: string, ranges: readonly BlobRange[]): Promise<void>;
  /** Cuts the blob to its first `length` bytes, durably (a segment's torn tail). */
  truncate(key: string, length: number): Promise<void>;
  /** Throws when the store cannot be reached or written now (for readiness); cheap. */
  probe(): Promise<void>;
  /** Writes new chunks into segments of this store, a group at a time. */
  segmentWriter(): SegmentWriter;
}
