import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { RecordingChunk } from '@tapedeck/protocol';
import type { BlobStore } from '../storage/BlobStore.js';
import type {
  ChunkKey,
  ChunkSummary,
  MetadataStore,
  SessionUsage,
} from '../storage/MetadataStore.js';
import type { Client } from './describeClient.js';
import type { GroupCommit } from './GroupCommit.js';
import { summarizeChunk } from './summarizeChunk.js';

const gzipAsync = promisify(gzip);

/** With `group`, new chunks go into segments a group at a time; else a blob each. */
type Deps = { metadata: MetadataStore; blobs: BlobStore; group?: GroupCommit | undefined };
type Admit = (summary: ChunkSummary, usage: SessionUsage | null) => void;

/**
 * Stores a validated chunk durably and indexes it: its bytes first (fsynced), then its row
 * and the session's in one transaction. `admit` sees what the chunk would add, and what
 * its session holds, before anything is written, and may refuse it by throwing. Returns
 * false when it was already stored.
 */
export async function storeChunk(
  deps: Deps,
  projectId: number,
  chunk: RecordingChunk,
  body: { text: string; gzipped: Buffer | null },
  client: Client,
  admit?: Admit,
): Promise<{ added: boolean; bytes: number }> {
  const key = { projectId, sessionId: chunk.sessionId, windowId: chunk.windowId, seq: chunk.seq };
  const { stored: known, usage } = await deps.metadata.admission(key);
  if (known) return { added: false, bytes: 0 };
  const stored = body.gzipped ?? (await gzipAsync(body.text));
  const blobKey = `${projectId}/${chunk.sessionId}/${chunk.windowId}/${chunk.seq}.json.gz`;
  const summary = summarizeChunk(chunk, { key: blobKey, size: stored.length }, client);
  admit?.(summary, usage);
  return commit(deps, key, stored, summary);
}

/** The same for a chunk already decoded and summarised (on a decode thread). */
export async function storeDecodedChunk(
  deps: Deps,
  decoded: { key: ChunkKey; stored: Uint8Array; summary: ChunkSummary },
  admit?: Admit,
): Promise<{ added: boolean; bytes: number }> {
  const { stored, usage } = await deps.metadata.admission(decoded.key);
  if (stored) return { added: false, bytes: 0 };
  admit?.(decoded.summary, usage);
  return commit(deps, decoded.key, decoded.stored, decoded.summary);
}

async function commit(
  deps: Deps,
  key: ChunkKey,
  stored: Uint8Array,
  summary: ChunkSummary,
): Promise<{ added: boolean; bytes: number }> {
  if (deps.group) {
    const added = await deps.group.add(key, stored, summary);
    return { added, bytes: added ? stored.length : 0 };
  }
  await deps.blobs.put(summary.blobKey, stored);
  const added = await deps.metadata.addChunk(key, summary);
  return { added, bytes: added ? stored.length : 0 };
}
