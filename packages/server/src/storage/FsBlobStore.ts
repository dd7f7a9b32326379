import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { BlobRange, BlobStore } from './BlobStore.js';
import { type FsSegmentOptions, FsSegmentWriter } from './FsSegmentWriter.js';
import type { SegmentWriter } from './SegmentWriter.js';

const missing = (error: unknown) => (error as { code?: string }).code === 'ENOENT';

/**
 * Blobs as files under `root`: a whole blob is written to a temporary name, fsynced, then
 * renamed; new chunks are appended to segment files (see `FsSegmentWriter`).
 */
export class FsBlobStore implements BlobStore {
  readonly #root: string;
  readonly #segments: FsSegmentOptions;

  constructor(root: string, segments: FsSegmentOptions = {}) {
    this.#root = resolve(root);
    this.#segments = segments;
  }

  /**
   * The folder is there and writable (or, before the first chunk, the folder it goes in):
   * a volume unmounted or a data folder moved away fails this.
   */
  async probe(): Promise<void> {
    const writable = (path: string) => access(path, constants.W_OK).then(() => true);
    const ok = await writable(this.#root).catch((error: unknown) =>
      missing(error) ? writable(dirname(this.#root)) : Promise.reject(error),
    );
    if (!ok) throw new Error(`the chunks folder ${this.#root} cannot be written`);
  }

  segmentWriter(): SegmentWriter {
    return new FsSegmentWriter((key) => this.#path(key), this.#segments);
  }

  async stat(key: string): Promise<{ size: number; modifiedAt: number } | null> {
    const found = await stat(this.#path(key)).catch((error: unknown) => {
      if (missing(error)) return null;
      throw error;
    });
    return found && { size: found.size, modifiedAt: found.mtimeMs };
  }

  async erase(key: string, ranges: readonly BlobRange[]): Promise<void> {
    const file = await open(this.#path(key), 'r+').catch((error: unknown) => {
      if (missing(error)) return null;
      throw error;
    });
    if (!file) return;
    try {
      const size = (await file.stat()).size;
      for (const { offset, length } of ranges) {
        // Never past the end: the file keeps its length.
        const n = Math.max(0, Math.min(length, size - offset));
        if (n > 0) await file.write(Buffer.alloc(n), 0, n, offset);
      }
      await file.sync();
    } finally {
      await file.close();
    }
  }

  async truncate(key: string, length: number): Promise<void> {
    const file = await open(this.#path(key), 'r+');
    try {
      await file.truncate(length);
      await file.sync();
    } finally {
      await file.close();
    }
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const file = await open(temp, 'w');
      try {
        await file.writeFile(data);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
    } catch (error) {
      // A full disk, say: leave no partial file behind.
      await rm(temp, { force: true });
      throw error;
    }
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async get(key: string): Promise<Uint8Array> {
    return readFile(this.#path(key));
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const file = await open(this.#path(key), 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await file.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  }

  async has(key: string): Promise<boolean> {
    return access(this.#path(key)).then(
      () => true,
      () => false,
    );
  }

  async *list(): AsyncIterable<string> {
    const dirs = [''];
    for (let dir = dirs.pop(); dir !== undefined; dir = dirs.pop()) {
      const entries = await readdir(join(this.#root, dir), { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const key = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) dirs.push(key);
        else yield key;
      }
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  #path(key: string): string {
    const path = resolve(join(this.#root, key));
    if (!path.startsWith(this.#root + sep)) throw new Error(`blob key escapes the store: ${key}`);
    return path;
  }
}
