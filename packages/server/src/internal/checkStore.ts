import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { validateChunk } from '@tapedeck/protocol';
import type { BlobStore } from '../storage/BlobStore.js';
import type { MetadataStore } from '../storage/MetadataStore.js';
import { isSegmentKey } from '../storage/SegmentWriter.js';
import { SEGMENT_GRACE_MS } from './Deleter.js';
import { describeClient } from './describeClient.js';
import { summarizeChunk } from './summarizeChunk.js';

export interface StoreCheck {
  /** Chunk files with no row: written just before a crash, never acknowledged; now indexed. */
  reindexed: number;
  /** Half-written files of an interrupted write, removed. */
  removedPartial: number;
  /** Chunk files that are neither indexed nor readable (left in place). */
  unreadable: string[];
  /** Rows whose chunk file is gone, or past its segment's end (reported; nothing can bring it back). */
  missing: string[];
  /** Segment files seen. */
  segments: number;
  /** Segments cut back to their last indexed chunk: a crash tore a group off the end. */
  cutTails: number;
  /** Segments no row points at (written just before a crash, or emptied), removed. */
  removedSegments: number;
}

export interface CheckOptions {
  /**
   * No server is writing (the folder store at start, or `tapedeck check`): torn tails are
   * cut and unindexed segments removed at once. Otherwise (an object store that replicas
   * may be writing) a segment must be older than the grace to count as a leftover.
   */
  idle?: boolean;
  now?: number;
}

const gunzipAsync = promisify(gunzip);
const KEY = /^(\d+)\/([^/]+)\/([^/]+)\/(\d+)\.json\.gz$/;

/**
 * Compares the index with the stored chunks after an unclean stop. Bytes are written (and
 * synced) before their rows are committed, so a crash in between leaves bytes without a
 * row, never acknowledged: a chunk file of an older version is indexed now; a segment's
 * torn or unindexed tail is cut, and a segment with no row removed. Rows received since
 * `since` are checked for their file, and every segment row for its bytes.
 */
export async function checkStore(
  metadata: MetadataStore,
  blobs: BlobStore,
  since: number,
  options: CheckOptions = {},
): Promise<StoreCheck> {
  const result: StoreCheck = {
    ...{ reindexed: 0, removedPartial: 0, unreadable: [], missing: [] },
    ...{ segments: 0, cutTails: 0, removedSegments: 0 },
  };
  const segments: string[] = [];
  for await (const key of blobs.list()) {
    if (isSegmentKey(key)) {
      segments.push(key);
      continue;
    }
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
  await checkSegments(metadata, blobs, segments, since, options, result);
  return result;
}

async function checkSegments(
  metadata: MetadataStore,
  blobs: BlobStore,
  segments: string[],
  since: number,
  { idle = false, now = Date.now() }: CheckOptions,
  result: StoreCheck,
): Promise<void> {
  const usage = new Map((await metadata.segmentUsage()).map((u) => [u.blobKey, u]));
  for (const key of segments) {
    result.segments += 1;
    const used = usage.get(key);
    usage.delete(key);
    const stat = await blobs.stat(key);
    if (!stat) continue;
    if (!used) {
      if (idle || stat.modifiedAt < now - SEGMENT_GRACE_MS) {
        await blobs.delete(key);
        result.removedSegments += 1;
      }
    } else if (used.end > stat.size) {
      for (const chunk of await metadata.chunksPast(key, stat.size))
        result.missing.push(`${chunk} (past the end of ${key}, ${stat.size} bytes)`);
    } else if (idle && used.end < stat.size && stat.modifiedAt >= since) {
      await blobs.truncate(key, used.end);
      result.cutTails += 1;
    }
  }
  for (const key of usage.keys())
    for (const chunk of await metadata.chunksPast(key, 0))
      result.missing.push(`${chunk} (its segment ${key} is gone)`);
}

/** One log line for a check. */
export function describeCheck(heading: string, check: StoreCheck): string {
  const { reindexed, removedPartial, unreadable, missing, segments, cutTails } = check;
  const problems = [
    ...unreadable.map((key) => `  unreadable chunk file (left in place): ${key}`),
    ...missing.map((key) => `  indexed chunk with no bytes (lost before this check): ${key}`),
  ];
  return [
    `${heading}: ${reindexed} unacknowledged chunk(s) indexed, ` +
      `${removedPartial} partial file(s) removed, ${unreadable.length} unreadable, ${missing.length} missing. ` +
      `Segments: ${segments}, ${cutTails} torn tail(s) cut, ${check.removedSegments} with no indexed chunk removed.`,
    ...problems,
  ].join('\n');
}
