import type { AddOutcome, ChunkKey, ChunkSummary, Erasure, PackedChunk } from '../MetadataStore.js';
import { SEGMENT_PREFIX } from '../SegmentWriter.js';
import type { Sql } from './SqlDriver.js';
import { SqlProjectStore } from './SqlProjectStore.js';
import { writeChunk } from './writeChunk.js';

/** Ids per `IN (…)` list: far below either database's limit on parameters. */
export const IDS_PER_STATEMENT = 500;
export const inList = (ids: readonly unknown[]) => `(${ids.map(() => '?').join(', ')})`;
/** PostgreSQL: a deadlock or a serialization failure, worth trying again. */
const RETRY = new Set(['40P01', '40001']);
const ERASE = `INSERT INTO blob_erasures (blob_key, blob_offset, blob_length) VALUES (?, ?, ?)
  ON CONFLICT DO NOTHING`;
/** A SQL condition: the chunk's blob is a shared segment. */
export const IN_SEGMENT = `blob_key LIKE '${SEGMENT_PREFIX}%'`;

/**
 * Where chunks are stored, in SQL: their rows, the queues of blobs to delete and of
 * segment ranges to erase, and compaction's moves (see `SqlMetadataStore` for the rest).
 */
export class SqlChunkStore extends SqlProjectStore {
  async hasChunk(key: ChunkKey): Promise<boolean> {
    const row = await this.db.one(
      'SELECT 1 AS one FROM chunks WHERE project_id = ? AND session_id = ? AND window_id = ? AND seq = ?',
      [key.projectId, key.sessionId, key.windowId, key.seq],
    );
    return row !== undefined;
  }

  /** Chunks that arrive together commit together where the driver can (SQLite: one fsync). */
  addChunk(key: ChunkKey, summary: ChunkSummary): Promise<boolean> {
    return this.db.groupTransaction((tx) => writeChunk(tx, this.db.dialect, key, summary));
  }

  async addChunks(
    chunks: readonly { key: ChunkKey; summary: ChunkSummary }[],
  ): Promise<AddOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.#addAll(tx, chunks));
      } catch (error) {
        if (attempt >= 3 || !RETRY.has(String((error as { code?: string }).code))) throw error;
      }
    }
  }

  async #addAll(tx: Sql, chunks: readonly { key: ChunkKey; summary: ChunkSummary }[]) {
    const outcomes: AddOutcome[] = [];
    for (const { key, summary } of chunks) {
      await tx.run('SAVEPOINT chunk');
      let outcome: AddOutcome;
      try {
        outcome = { ok: true, added: await writeChunk(tx, this.db.dialect, key, summary) };
      } catch (error) {
        await tx.run('ROLLBACK TO SAVEPOINT chunk');
        outcome = { ok: false, error };
      }
      await tx.run('RELEASE SAVEPOINT chunk');
      // Bytes no row will point at: erased, so they cannot outlive a deletion.
      const { blobOffset, blobLength } = summary;
      if (!(outcome.ok && outcome.added) && blobOffset != null && blobLength != null)
        await tx.run(ERASE, [summary.blobKey, blobOffset, blobLength]);
      outcomes.push(outcome);
    }
    return outcomes;
  }

  async packChunks(
    projectId: number,
    sessionId: string,
    packKey: string,
    chunks: PackedChunk[],
    updatedAt: number,
  ): Promise<void> {
    const queue = 'INSERT INTO blob_deletions (blob_key) VALUES (?) ON CONFLICT DO NOTHING';
    await this.db.transaction(async (tx) => {
      let moved = 0;
      for (const c of chunks) {
        moved += await tx.run(
          `UPDATE chunks SET blob_key = ?, blob_offset = ?, blob_length = ?
           WHERE project_id = ? AND session_id = ? AND window_id = ? AND seq = ?`,
          [packKey, c.offset, c.length, projectId, sessionId, c.windowId, c.seq],
        );
        if (c.oldOffset !== null && c.oldLength !== null)
          await tx.run(ERASE, [c.oldKey, c.oldOffset, c.oldLength]);
        else await tx.run(queue, [c.oldKey]);
      }
      // Deleted meanwhile: nothing points at the pack.
      if (packKey && moved === 0) await tx.run(queue, [packKey]);
      await tx.run(
        'UPDATE sessions SET compacted_at = ? WHERE project_id = ? AND id = ? AND updated_at = ?',
        [Date.now(), projectId, sessionId, updatedAt],
      );
    });
  }

  /** Queues the sessions' blobs, in `tx` (the transaction that deletes their rows). */
  protected async queueBlobsOf(tx: Sql, where: string, params: unknown[]): Promise<void> {
    const values = params as (string | number)[];
    await tx.run(
      `INSERT INTO blob_deletions (blob_key) SELECT blob_key FROM chunks ${where}
         AND NOT ${IN_SEGMENT} ON CONFLICT DO NOTHING`,
      values,
    );
    await tx.run(
      `INSERT INTO blob_erasures (blob_key, blob_offset, blob_length)
       SELECT blob_key, blob_offset, blob_length FROM chunks ${where} AND ${IN_SEGMENT}
       ON CONFLICT DO NOTHING`,
      values,
    );
  }

  async pendingBlobDeletions(limit: number): Promise<string[]> {
    const rows = await this.db.all<{ blob_key: string }>(
      'SELECT blob_key FROM blob_deletions LIMIT ?',
      [limit],
    );
    return rows.map((r) => r.blob_key);
  }

  async blobKeysReceivedSince(since: number): Promise<string[]> {
    const rows = await this.db.all<{ blob_key: string }>(
      `SELECT DISTINCT blob_key FROM chunks WHERE received_at >= ? AND NOT ${IN_SEGMENT}`,
      [since],
    );
    return rows.map((r) => r.blob_key);
  }

  async blobsDeleted(keys: string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < keys.length; i += IDS_PER_STATEMENT) {
        const some = keys.slice(i, i + IDS_PER_STATEMENT);
        await tx.run(`DELETE FROM blob_deletions WHERE blob_key IN ${inList(some)}`, some);
      }
    });
  }

  async pendingErasures(limit: number): Promise<Erasure[]> {
    return this.db.all<Erasure>(
      `SELECT blob_key AS "blobKey", blob_offset AS "offset", blob_length AS "length"
       FROM blob_erasures ORDER BY blob_key, blob_offset LIMIT ?`,
      [limit],
    );
  }

  async erasuresDone(erasures: Erasure[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const e of erasures)
        await tx.run('DELETE FROM blob_erasures WHERE blob_key = ? AND blob_offset = ?', [
          e.blobKey,
          e.offset,
        ]);
    });
  }

  async blobReferenced(key: string): Promise<boolean> {
    const row = await this.db.one('SELECT 1 AS one FROM chunks WHERE blob_key = ? LIMIT 1', [key]);
    return row !== undefined;
  }

  async chunksPast(blobKey: string, size: number): Promise<string[]> {
    const rows = await this.db.all<{
      project_id: number;
      session_id: string;
      window_id: string;
      seq: number;
    }>(
      `SELECT project_id, session_id, window_id, seq FROM chunks
       WHERE blob_key = ? AND blob_offset + blob_length > ? ORDER BY blob_offset`,
      [blobKey, size],
    );
    return rows.map((r) => `${r.project_id}/${r.session_id}/${r.window_id}/${r.seq}`);
  }

  async segmentUsage(): Promise<{ blobKey: string; chunks: number; end: number }[]> {
    return this.db.all(
      `SELECT blob_key AS "blobKey", COUNT(*) AS chunks, MAX(blob_offset + blob_length) AS "end"
       FROM chunks WHERE ${IN_SEGMENT} GROUP BY blob_key`,
    );
  }
}
