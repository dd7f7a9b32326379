import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { RecordingChunk } from '@tapedeck/protocol';
import type { BlobStore } from '../storage/BlobStore.js';
import type { ChunkSummary, MetadataStore } from '../storage/MetadataStore.js';
import type { Client } from './describeClient.js';
import { summarizeChunk } from './summarizeChunk.js';

const gzipAsync = promisify(gzip);

/**
 * Stores a validated chunk durably and indexes it: the blob first (fsynced), then its row
 * and the session's in one transaction. `admit` sees what the chunk would add before
 * anything is written, and may refuse it by throwing. Returns false when it was already
 * stored.
 */
export async function storeChunk(
  deps: { metadata: MetadataStore; blobs: BlobStore },
  projectId: number,
  chunk: RecordingChunk,
  body: { text: string; gzipped: Buffer | null },
  client: Client,
  admit?: (summary: ChunkSummary) => Promise<void>,
): Promise<{ added: boolean; bytes: number }> {
  const key = { projectId, sessionId: chunk.sessionId, windowId: chunk.windowId, seq: chunk.seq };
  if (await deps.metadata.hasChunk(key)) return { added: false, bytes: 0 };
  const stored = body.gzipped ?? (await gzipAsync(body.text));
  const blobKey = `${projectId}/${chunk.sessionId}/${chunk.windowId}/${chunk.seq}.json.gz`;
  const summary = summarizeChunk(chunk, { key: blobKey, size: stored.length }, client);
  await admit?.(summary);
  await deps.blobs.put(blobKey, stored);
  const added = await deps.metadata.addChunk(key, summary);
  return { added, bytes: added ? stored.length : 0 };
}
