import type { RecordedEvent } from '@tapedeck/protocol';

/** One line of `GET /api/sessions/:id/snapshots`: a stored chunk, as the server sends it. */
export type ChunkLine = { windowId?: unknown; seq?: unknown; events: RecordedEvent[] };

/** Splits a byte stream into NDJSON lines and yields each parsed; empty lines are skipped. */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<ChunkLine> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  for (;;) {
    const { value, done } = await reader.read();
    pending += decoder.decode(value, { stream: !done });
    let end = pending.indexOf('\n');
    while (end >= 0) {
      const line = pending.slice(0, end).trim();
      pending = pending.slice(end + 1);
      if (line) yield JSON.parse(line) as ChunkLine;
      end = pending.indexOf('\n');
    }
    if (done) break;
  }
  if (pending.trim()) yield JSON.parse(pending) as ChunkLine;
}
