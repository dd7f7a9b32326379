import type { RecordedEvent } from '@tapedeck/protocol';

/**
 * Reads `GET /api/sessions/:id/snapshots` (NDJSON, one stored chunk per line) and yields each
 * chunk's events as soon as its line has arrived, so playback can start before the rest.
 */
export async function* streamSession(
  url: string,
  init?: RequestInit,
): AsyncGenerator<RecordedEvent[]> {
  const response = await fetch(url, init);
  if (!response.ok || !response.body) {
    const detail = await response.text().catch(() => '');
    throw new Error(`Could not load the recording (${response.status}): ${detail}`);
  }
  yield* parseNdjson(response.body);
}

/** Splits a byte stream into NDJSON lines and yields each line's `events`. */
export async function* parseNdjson(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<RecordedEvent[]> {
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
      if (line) yield (JSON.parse(line) as { events: RecordedEvent[] }).events;
      end = pending.indexOf('\n');
    }
    if (done) break;
  }
  if (pending.trim()) yield (JSON.parse(pending) as { events: RecordedEvent[] }).events;
}
