import { isWebVitalName, MAX_VITAL_VALUE, rateVital, TapedeckEvent } from '@tapedeck/protocol';
import type { ChunkSummary } from '../storage/MetadataStore.js';
import { fingerprintError } from './fingerprintError.js';
import { indexedUrl } from './indexedUrl.js';

/** Per chunk, at most this many vitals and error groups are indexed (the markers all are). */
const MAX_VITALS = 200;
const MAX_ERROR_GROUPS = 50;
/** What an error group keeps of its first error. */
const MAX_MESSAGE = 1000;
const MAX_STACK = 8000;
/** Measurement ids as web-vitals makes them (`v5-1700000000000-1234567890123`). */
const PAGE_ID = /^[\w.-]{1,100}$/;

type Payload = Record<string, unknown> | undefined;
const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : null);

/**
 * Folds a `$web_vitals` or `$exception` event into the chunk's vitals and error groups;
 * anything else, and anything malformed, is left alone (it stays a marker).
 */
export function summarizeInsight(s: ChunkSummary, name: string, payload: Payload, ts: number) {
  if (!payload) return;
  if (name === TapedeckEvent.webVitals) {
    const { name: metric, value, id, url } = payload;
    if (!isWebVitalName(metric) || typeof value !== 'number') return;
    if (!(value >= 0 && value <= MAX_VITAL_VALUE)) return;
    if (typeof id !== 'string' || !PAGE_ID.test(id) || typeof url !== 'string') return;
    if (s.vitals.length >= MAX_VITALS) return;
    // Rated here with web.dev's thresholds, whatever the client said.
    const poor = rateVital(metric, value) === 'poor';
    const page = indexedUrl(url);
    s.vitals.push({ pageId: id, name: metric, url: page, value, poor, timestamp: ts });
  } else if (name === TapedeckEvent.exception) {
    const type = text(payload.type, 200) || 'Error';
    const message = text(payload.message, MAX_MESSAGE) ?? '';
    const stack = text(payload.stack, MAX_STACK);
    const { id, title, culprit } = fingerprintError(type, message, stack);
    const known = s.errors.find((e) => e.id === id);
    if (known) {
      known.count++;
      known.firstTs = Math.min(known.firstTs, ts);
      known.lastTs = Math.max(known.lastTs, ts);
      return;
    }
    if (s.errors.length >= MAX_ERROR_GROUPS) return;
    const release = text(payload.release, 200);
    s.errors.push({
      id,
      type,
      title,
      message,
      stack,
      release,
      culprit,
      firstTs: ts,
      lastTs: ts,
      count: 1,
    });
  }
}
