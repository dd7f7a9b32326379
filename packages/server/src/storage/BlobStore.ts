/**
 * Compressed chunks, by key. A folder on disk by default; an object store past one machine.
 * `put` resolves only once the bytes are durable.
 */
export interface BlobStore {
  put(key: string, data: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  /** `length` bytes from `offset`: one chunk of a packed blob. */
  getRange(key: string, offset: number, length: number): Promise<Uint8Array>;
  has(key: string): Promise<boolean>;
  /** Every key, including leftovers of writes a crash interrupted (not ending in `.json.gz`). */
  list(): AsyncIterable<string>;
  /** Removes the blob; a missing one is not an error. */
  delete(key: string): Promise<void>;
}
