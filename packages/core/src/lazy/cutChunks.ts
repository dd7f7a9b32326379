import type { RecordedEvent } from '@tapedeck/protocol';
import type { OutgoingChunk } from './Transport.js';

export interface ChunkEnvelope {
  sessionId: string;
  windowId: string;
  distinctId?: string;
  sdk: { name: string; version: string };
}

/**
 * Serializes `events` into chunks of at most `maxChars` of event JSON each (a lone larger
 * event still gets a chunk of its own). Each event is stringified once; `nextSeq` numbers
 * the chunks in order.
 */
export function cutChunks(
  events: readonly RecordedEvent[],
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
    chunks.push({ seq, from, to, json: `${head.slice(0, -1)},"events":[${parts.join(',')}]}` });
    parts = [];
    size = 0;
  };
  for (const event of events) {
    const json = JSON.stringify(event);
    if (size + json.length > maxChars) close();
    if (parts.length === 0) from = event.timestamp;
    to = event.timestamp;
    parts.push(json);
    size += json.length + 1;
  }
  close();
  return chunks;
}
