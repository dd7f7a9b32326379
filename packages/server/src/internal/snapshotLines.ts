import type { BlobStore } from '../storage/BlobStore.js';
import type { ChunkRef, MetadataStore } from '../storage/MetadataStore.js';
import type { LiveLimits, Watch } from './LiveFeed.js';
import { readChunkText } from './readChunk.js';

type Deps = { metadata: MetadataStore; blobs: BlobStore };
type Follow = { watch: Watch; limits: LiveLimits };

const id = (c: ChunkRef) => `${c.windowId}/${c.seq}`;

/** `after` of the query (`windowId:seq,…`): per window, the last seq of an unbroken run from 0. */
export type Held = ReadonlyMap<string, number>;

/**
 * A session's chunks as NDJSON lines, in playback order; with `follow`, then each chunk as it
 * is stored (woken by the watch, or finding it in the index every `pollMs`: a replica's), an
 * empty line every `heartbeatMs` while quiet, until the watch closes or nothing new came for
 * `idleMs`. The watch is closed when the lines end, however they end. Chunks the client holds
 * (`held`: a reconnect) are left out.
 */
export async function* snapshotLines(
  deps: Deps,
  projectId: number,
  sessionId: string,
  chunks: ChunkRef[],
  follow?: Follow,
  held: Held = new Map(),
): AsyncGenerator<string> {
  const has = (c: ChunkRef) => c.seq <= (held.get(c.windowId) ?? -1);
  try {
    const sent = new Set<string>();
    for (const chunk of chunks) {
      sent.add(id(chunk));
      if (!has(chunk)) yield await line(deps.blobs, chunk);
    }
    if (!follow) return;
    const { watch, limits } = follow;
    let lastChunk = Date.now();
    let lastLine = Date.now();
    while (!watch.closed) {
      const now = Date.now();
      const wait = Math.min(
        limits.pollMs,
        limits.heartbeatMs - (now - lastLine),
        limits.idleMs - (now - lastChunk),
      );
      await watch.wait(Math.max(0, wait));
      if (watch.closed) return;
      // A primary-key read; the chunk list only when the session has more than was sent.
      const usage = await deps.metadata.sessionUsage(projectId, sessionId);
      if (!usage) return;
      if (usage.chunks > sent.size) {
        const all = await deps.metadata.listChunks(projectId, sessionId);
        for (const chunk of all.filter((c) => !sent.has(id(c)))) {
          sent.add(id(chunk));
          if (has(chunk)) continue;
          yield await line(deps.blobs, chunk);
          lastChunk = lastLine = Date.now();
        }
      }
      if (Date.now() - lastChunk >= limits.idleMs) return;
      if (Date.now() - lastLine >= limits.heartbeatMs) {
        yield '\n';
        lastLine = Date.now();
      }
    }
  } finally {
    follow?.watch.close();
  }
}

async function line(blobs: BlobStore, chunk: ChunkRef): Promise<string> {
  const text = await readChunkText(blobs, chunk);
  // Stored as sent; a client may have pretty-printed it, and NDJSON needs one line.
  return `${text.includes('\n') ? JSON.stringify(JSON.parse(text)) : text}\n`;
}
