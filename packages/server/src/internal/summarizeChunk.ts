import type { RecordingChunk } from '@tapedeck/protocol';
import type { ChunkSummary } from '../storage/MetadataStore.js';

// rrweb numbers: event types, incremental sources and mouse interaction kinds.
const META = 4;
const CUSTOM = 5;
const INCREMENTAL = 3;
const SOURCE_MOUSE_INTERACTION = 2;
const SOURCE_INPUT = 5;
const CLICK = 2;

interface EventData {
  href?: unknown;
  tag?: unknown;
  payload?: { href?: unknown };
  source?: unknown;
  type?: unknown;
}

/** Reads what the session index needs from one chunk, in a single pass over its events. */
export function summarizeChunk(
  chunk: RecordingChunk,
  blob: { key: string; size: number },
  userAgent: string | null,
): ChunkSummary {
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  let firstUrl: ChunkSummary['firstUrl'] = null;
  let pageviews = 0;
  let clicks = 0;
  let keypresses = 0;
  for (const event of chunk.events) {
    const ts = event.timestamp;
    if (ts < first) first = ts;
    if (ts > last) last = ts;
    const data = (event.data ?? {}) as EventData;
    let href: unknown;
    if (event.type === META) href = data.href;
    else if (event.type === CUSTOM && data.tag === '$pageview') {
      pageviews++;
      href = data.payload?.href;
    } else if (event.type === INCREMENTAL) {
      if (data.source === SOURCE_MOUSE_INTERACTION && data.type === CLICK) clicks++;
      else if (data.source === SOURCE_INPUT) keypresses++;
    }
    if (typeof href === 'string' && (!firstUrl || ts < firstUrl.timestamp))
      firstUrl = { href: href.slice(0, 2048), timestamp: ts };
  }
  return {
    blobKey: blob.key,
    sizeBytes: blob.size,
    firstTimestamp: first,
    lastTimestamp: last,
    eventCount: chunk.events.length,
    firstUrl,
    pageviewCount: pageviews,
    clickCount: clicks,
    keypressCount: keypresses,
    distinctId: chunk.distinctId ?? null,
    sdkName: chunk.sdk.name,
    sdkVersion: chunk.sdk.version,
    userAgent: userAgent ? userAgent.slice(0, 512) : null,
  };
}
