import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { validateChunk } from '@tapedeck/protocol';
import type { BlobStore } from '../storage/BlobStore.js';
import type { MetadataStore } from '../storage/MetadataStore.js';
import { describeClient } from './describeClient.js';
import { summarizeChunk } from './summarizeChunk.js';

export interface StoreCheck {
  /** Chunk files with no row: written just before a crash, never acknowledged; now indexed. */
  reindexed: number;
  /** Half-written files of an interrupted write, removed. */
  removedPartial: number;
  /** Chunk files that are neither indexed nor readable (left in place). */
  unreadable: string[];
  /** Rows whose chunk file is gone (reported; nothing can bring it back). */
  missing: string[];
}

const gunzipAsync = promisify(gunzip);
const KEY = /^(\d+)\/([^/]+)\/([^/]+)\/(\d+)\.json\.gz$/;

/**
 * Compares the index with the stored chunks after an unclean stop. A chunk file is written
 * (and synced) before its row is committed, so a crash in between leaves a file without a
 * row: it is indexed now. Rows received since `since` are checked for their file.
 */
export async function checkStore(
  metadata: MetadataStore,
  blobs: BlobStore,
  since: number,
): Promise<StoreCheck> {
  const result: StoreCheck = { reindexed: 0, removedPartial: 0, unreadable: [], missing: [] };
  for await (const key of blobs.list()) {
    const match = KEY.exec(key);
    if (!match) {
      if (key.endsWith('.tmp')) {
        await blobs.delete(key);
        result.removedPartial += 1;
      }
      continue;
    }
    const [, project, sessionId = '', windowId = '', seq] = match;
    const chunkKey = { projectId: Number(project), sessionId, windowId, seq: Number(seq) };
    if (await metadata.hasChunk(chunkKey)) continue;
    const data = await blobs.get(key);
    const parsed = await gunzipAsync(data)
      .then((text) => validateChunk(JSON.parse(text.toString('utf8'))))
      .catch(() => null);
    const chunk = parsed?.ok ? parsed.chunk : null;
    if (!chunk || chunk.sessionId !== sessionId || chunk.windowId !== windowId) {
      result.unreadable.push(key);
      continue;
    }
    const summary = summarizeChunk(chunk, { key, size: data.length }, describeClient(undefined));
    if (await metadata.addChunk(chunkKey, summary)) result.reindexed += 1;
  }
  for (const key of await metadata.blobKeysReceivedSince(since))
    if (!(await blobs.has(key))) result.missing.push(key);
  return result;
}

/** One log line for a check. */
export function describeCheck(heading: string, check: StoreCheck): string {
  const { reindexed, removedPartial, unreadable, missing } = check;
  const problems = [
    ...unreadable.map((key) => `  unreadable chunk file (left in place): ${key}`),
    ...missing.map((key) => `  indexed chunk with no file (lost before this check): ${key}`),
  ];
  return [
    `${heading}: ${reindexed} unacknowledged chunk(s) indexed, ` +
      `${removedPartial} partial file(s) removed, ${unreadable.length} unreadable, ${missing.length} missing.`,
    ...problems,
  ].join('\n');
}
