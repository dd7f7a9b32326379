import type { BlobStore } from '../storage/BlobStore.js';
import type { MetadataStore, PackedChunk } from '../storage/MetadataStore.js';
import { isSegmentKey } from '../storage/SegmentWriter.js';
import type { Deleter } from './Deleter.js';

const BATCH = 100;
const MAX_PACK_BYTES = 32 * 1024 * 1024;

/**
 * Keeps a long session in few blobs of its own: once a session has had no new chunk for a
 * while, its chunks are copied out of the shared segments (and any single-chunk blobs of
 * older versions) into one packed blob (gzip members one after another), the index points
 * at their byte ranges, and the old copies are erased (a segment whose every chunk is gone
 * is removed). The pack is durable before the index moves to it, so a crash at any point
 * leaves every chunk readable; deleting the session then deletes its pack whole.
 */
export class Compactor {
  readonly #metadata: MetadataStore;
  readonly #blobs: BlobStore;
  readonly #deleter: Deleter;
  readonly #idleMs: number;

  constructor(metadata: MetadataStore, blobs: BlobStore, deleter: Deleter, idleMs = 30 * 60_000) {
    this.#metadata = metadata;
    this.#blobs = blobs;
    this.#deleter = deleter;
    this.#idleMs = idleMs;
  }

  /** Packs every session quiet since `now - idle`; returns how many. One replica at a time. */
  async run(now = Date.now()): Promise<number> {
    return (await this.#metadata.exclusive('compaction', () => this.#runAll(now))) ?? 0;
  }

  async #runAll(now: number): Promise<number> {
    let packed = 0;
    for (const project of await this.#metadata.listProjects()) {
      for (;;) {
        const sessions = await this.#metadata.sessionsToCompact(
          project.id,
          now - this.#idleMs,
          BATCH,
        );
        for (const session of sessions) await this.#pack(project.id, session, now);
        packed += sessions.length;
        if (sessions.length < BATCH) break;
      }
    }
    await this.#deleter.drain();
    return packed;
  }

  async #pack(projectId: number, session: { id: string; updatedAt: number }, now: number) {
    const loose = (await this.#metadata.listChunks(projectId, session.id)).filter(
      (c) => c.blobOffset === null || isSegmentKey(c.blobKey),
    );
    let parts: PackedChunk[] = [];
    let buffers: Uint8Array[] = [];
    let offset = 0;
    const flush = async () => {
      // One loose chunk stays as it is; the session is marked done all the same.
      const packKey =
        parts.length > 1 ? `${projectId}/${session.id}/pack-${now}-${parts[0]!.seq}.gz` : '';
      if (packKey) await this.#blobs.put(packKey, Buffer.concat(buffers));
      await this.#metadata.packChunks(
        projectId,
        session.id,
        packKey,
        packKey ? parts : [],
        session.updatedAt,
      );
      parts = [];
      buffers = [];
      offset = 0;
    };
    for (const chunk of loose) {
      const { blobKey, blobOffset, blobLength } = chunk;
      const data =
        blobOffset === null || blobLength === null
          ? await this.#blobs.get(blobKey)
          : await this.#blobs.getRange(blobKey, blobOffset, blobLength);
      if (offset > 0 && offset + data.length > MAX_PACK_BYTES) await flush();
      parts.push({
        windowId: chunk.windowId,
        seq: chunk.seq,
        oldKey: blobKey,
        oldOffset: blobOffset,
        oldLength: blobLength,
        offset,
        length: data.length,
      });
      buffers.push(data);
      offset += data.length;
    }
    await flush();
  }
}
