import { ndjsonLines } from './internal/ndjsonLines.js';
import { toBatch } from './internal/toBatch.js';
import type { EventBatch } from './types.js';

/**
 * Reads `GET /api/sessions/:id/snapshots` (NDJSON, one stored chunk per line) and yields each
 * chunk's events as soon as its line has arrived, so playback can start before the rest. Each
 * batch carries the chunk's `windowId` (its browser tab), which `Player.addEvents` reads. To
 * keep following a live recording across dropped connections, see `followSession`.
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
  for await (const line of ndjsonLines(body)) yield toBatch(line);
}
