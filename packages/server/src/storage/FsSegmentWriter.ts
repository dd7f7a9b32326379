import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { frame, newSegmentKey, type SegmentLocation, type SegmentWriter } from './SegmentWriter.js';

export interface FsSegmentOptions {
  /** A segment past this size is closed and the next group starts a new one (64 MB). */
  maxBytes?: number;
  /** Likewise past this age (10 minutes), so that a quiet segment can be removed sooner. */
  maxAgeMs?: number;
  /** Called before each group's fsync with its number of chunks (tests hold it to see a group form). */
  beforeSync?: (chunks: number) => Promise<void> | void;
}

/**
 * Append-only segment files: each group of chunks is one write at the end of the current
 * file and one fsync. A new file is made (and its folder fsynced) at the first group, past
 * the size or age limit, and after a write that failed; a file is never reopened for
 * appending, so whatever a crash tore off the end of one is never written after.
 */
export class FsSegmentWriter implements SegmentWriter {
  readonly windowMs = 0;
  /** One server owns a data folder. */
  readonly shared = false;
  readonly #path: (key: string) => string;
  readonly #maxBytes: number;
  readonly #maxAgeMs: number;
  readonly #beforeSync: FsSegmentOptions['beforeSync'];
  #file: FileHandle | null = null;
  #key: string | null = null;
  #size = 0;
  #openedAt = 0;
  #syncs = 0;

  constructor(path: (key: string) => string, options: FsSegmentOptions = {}) {
    this.#path = path;
    this.#maxBytes = options.maxBytes ?? 64 * 2 ** 20;
    this.#maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.#beforeSync = options.beforeSync;
  }

  get current(): string | null {
    return this.#key;
  }

  get syncs(): number {
    return this.#syncs;
  }

  async append(chunks: readonly Uint8Array[]): Promise<SegmentLocation[]> {
    const now = Date.now();
    if (this.#file && (this.#size >= this.#maxBytes || now - this.#openedAt >= this.#maxAgeMs))
      await this.close();
    const file = this.#file ?? (await this.#create(now));
    const key = this.#key!;
    const { data, starts } = frame(chunks);
    const start = this.#size;
    try {
      for (let done = 0; done < data.length; ) {
        const { bytesWritten } = await file.write(data, done, data.length - done, start + done);
        done += bytesWritten;
      }
      await this.#beforeSync?.(chunks.length);
      await file.datasync();
      this.#syncs += 1;
    } catch (error) {
      // A full disk, say: cut what was written, or leave this file for a new one.
      const cut = await file.truncate(start).then(
        () => file.datasync().then(() => true),
        () => false,
      );
      if (!cut) await this.close();
      throw error;
    }
    this.#size = start + data.length;
    return chunks.map((chunk, i) => ({ key, offset: start + starts[i]!, length: chunk.length }));
  }

  async #create(now: number): Promise<FileHandle> {
    const key = newSegmentKey(now);
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, 'wx');
    try {
      // The new name is durable before any row points into it.
      const dir = await open(dirname(path), 'r');
      await dir.sync().finally(() => dir.close());
    } catch (error) {
      await file.close();
      throw error;
    }
    this.#file = file;
    this.#key = key;
    this.#size = 0;
    this.#openedAt = now;
    return file;
  }

  async close(): Promise<void> {
    const file = this.#file;
    this.#file = null;
    this.#key = null;
    await file?.close();
  }
}
