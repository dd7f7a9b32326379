import { type RecordedEvent, unpackEvents } from '@tapedeck/protocol';
import type { EventBatch } from './types.js';

type Line = { windowId?: unknown; events: RecordedEvent[] };

/**
 * Reads `GET /api/sessions/:id/snapshots` (NDJSON, one stored chunk per line) and yields each
 * chunk's events as soon as its line has arrived, so playback can start before the rest. Each
 * batch carries the chunk's `windowId` (its browser tab), which `Player.addEvents` reads.
 */
export async function* streamSession(url: string, init?: RequestInit): AsyncGenerator<EventBatch> {
  const response = await fetch(url, init);
  if (!response.ok || !response.body) {
    const detail = await response.text().catch(() => '');
    throw new Error(`Could not load the recording (${response.status}): ${detail}`);
  }
  yield* parseNdjson(response.body);
}

/** Splits a byte stream into NDJSON lines and yields each line's `events`, with its `windowId`. */
export async function* parseNdjson(body: ReadableStream<Uint8Array>): AsyncGenerator<EventBatch> {
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
      if (line) yield batch(JSON.parse(line) as Line);
      end = pending.indexOf('\n');
    }
    if (done) break;
  }
  if (pending.trim()) yield batch(JSON.parse(pending) as Line);
}

/** A line's events as rrweb's (expanded if packed), tagged with its window when it names one. */
function batch({ windowId, events }: Line): EventBatch {
  unpackEvents(events);
  return typeof windowId === 'string' ? Object.assign(events, { windowId }) : events;
}
