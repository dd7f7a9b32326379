import type { RecordedEvent } from '@tapedeck/protocol';
import { gzipSync } from './gzipSync.js';
import type { OutgoingChunk } from './Transport.js';

export interface ChunkEnvelope {
  sessionId: string;
  windowId: string;
  distinctId?: string;
  sdk: { name: string; version: string };
}

/** An event as the buffer keeps it: serialized once, when it was recorded. */
export interface SerializedEvent {
  json: string;
  timestamp: number;
  type: number;
}

export const serialize = (event: RecordedEvent): SerializedEvent => ({
  json: JSON.stringify(event),
  timestamp: event.timestamp,
  type: event.type,
});

/**
 * Joins `events` into chunks of at most `maxChars` of event JSON each (a lone larger event
 * still gets a chunk of its own); `nextSeq` numbers the chunks in order.
 */
export function cutChunks(
  events: readonly SerializedEvent[],
  envelope: ChunkEnvelope,
  maxChars: number,
  nextSeq: () => number,
): OutgoingChunk[] {
  const chunks: OutgoingChunk[] = [];
  let parts: string[] = [];
  let size = 0;
  let from = 0;
  let to = 0;
  const close = () => {
    if (parts.length === 0) return;
    const seq = nextSeq();
    const head = JSON.stringify({ ...envelope, seq, sentAt: Date.now() });
    chunks.push({
      seq,
      key: `${envelope.sessionId}:${envelope.windowId}:${seq}`,
      from,
      to,
      json: `${head.slice(0, -1)},"events":[${parts.join(',')}]}`,
    });
    parts = [];
    size = 0;
  };
  for (const event of events) {
    if (size + event.json.length > maxChars) close();
    if (parts.length === 0) from = event.timestamp;
    to = event.timestamp;
    parts.push(event.json);
    size += event.json.length + 1;
  }
  close();
  return chunks;
}

/**
 * For the moment the page goes away: chunks gzipped here and now, each at most `maxBytes`
 * compressed where that is possible (split in halves until it fits; a lone larger event stays
 * whole). A chunk that had to be split leaves its number unused, which the server allows.
 */
export function cutGzipped(
  events: readonly SerializedEvent[],
  envelope: ChunkEnvelope,
  maxChars: number,
  maxBytes: number,
  nextSeq: () => number,
): OutgoingChunk[] {
  const out: OutgoingChunk[] = [];
  const pack = (group: readonly SerializedEvent[]) => {
    const [chunk] = cutChunks(group, envelope, Number.POSITIVE_INFINITY, nextSeq);
    if (!chunk) return;
    const gzip = gzipSync(chunk.json);
    if (gzip.length <= maxBytes || group.length === 1) out.push({ ...chunk, gzip });
    else {
      const half = group.length >> 1;
      pack(group.slice(0, half));
      pack(group.slice(half));
    }
  };
  let group: SerializedEvent[] = [];
  let size = 0;
  for (const event of events) {
    if (group.length && size + event.json.length > maxChars) {
      pack(group);
      group = [];
      size = 0;
    }
    group.push(event);
    size += event.json.length + 1;
  }
  pack(group);
  return out;
}
