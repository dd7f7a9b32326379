import {
  EventType,
  IncrementalSource,
  isUserActivity,
  limits,
  MouseInteraction,
  PluginId,
  type RecordingChunk,
  TapedeckEvent,
} from '@tapedeck/protocol';
import type { ChunkSummary } from '../storage/MetadataStore.js';
import { indexedUrl } from './indexedUrl.js';
import { heatEventOf, MAX_HEAT_EVENTS } from './summarizeHeat.js';
import { summarizeInsight } from './summarizeInsights.js';

/** Gaps longer than this without user activity do not count as active time. */
export const ACTIVE_GAP_MS = 5000;
const MAX_PROPERTIES_CHARS = 4000;
/** Ids as the protocol allows them (sessionId's alphabet; distinctIds of any text). */
const SESSION_ID = /^[A-Za-z0-9_-]{1,100}$/;
const isDistinctId = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= limits.maxIdLength;

interface EventData {
  href?: unknown;
  tag?: unknown;
  payload?: Record<string, unknown> & { href?: unknown; level?: unknown; requests?: unknown };
  plugin?: unknown;
  source?: unknown;
  type?: unknown;
}

/** Custom events that only the player reads: not indexed as timeline markers. */
const REPLAY_ONLY: ReadonlySet<string> = new Set([
  TapedeckEvent.animations,
  TapedeckEvent.fonts,
  TapedeckEvent.state,
  TapedeckEvent.styles,
]);
const SIGNALS: Record<
  string,
  'rageClickCount' | 'deadClickCount' | 'thrashingCount' | 'exceptionCount'
> = {
  [TapedeckEvent.rageClick]: 'rageClickCount',
  [TapedeckEvent.deadClick]: 'deadClickCount',
  [TapedeckEvent.mouseThrashing]: 'thrashingCount',
  [TapedeckEvent.exception]: 'exceptionCount',
};

function properties(payload: unknown): Record<string, unknown> {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return {};
  const json = JSON.stringify(payload);
  return json.length > MAX_PROPERTIES_CHARS
    ? { truncated: true }
    : (payload as Record<string, unknown>);
}

/** Reads what the session index needs from one chunk, in a single pass over its events. */
export function summarizeChunk(
  chunk: RecordingChunk,
  blob: { key: string; size: number },
  client: {
    browser: string | null;
    os: string | null;
    deviceType: string | null;
    userAgent: string | null;
  },
): ChunkSummary {
  const s: ChunkSummary = {
    blobKey: blob.key,
    sizeBytes: blob.size,
    firstTimestamp: Number.POSITIVE_INFINITY,
    lastTimestamp: 0,
    eventCount: chunk.events.length,
    firstUrl: null,
    urls: [],
    pageviewCount: 0,
    clickCount: 0,
    keypressCount: 0,
    mouseActivityCount: 0,
    consoleLogCount: 0,
    consoleWarnCount: 0,
    consoleErrorCount: 0,
    networkErrorCount: 0,
    rageClickCount: 0,
    deadClickCount: 0,
    thrashingCount: 0,
    exceptionCount: 0,
    activeMs: 0,
    firstActivityTs: null,
    lastActivityTs: null,
    customEvents: [],
    vitals: [],
    errors: [],
    heat: [],
    person: null,
    previousSessionId: null,
    country: null,
    distinctId: chunk.distinctId ?? null,
    sdkName: chunk.sdk.name,
    sdkVersion: chunk.sdk.version,
    ...client,
    userAgent: client.userAgent ? client.userAgent.slice(0, 512) : null,
  };
  const urls = new Set<string>();
  const activity: number[] = [];
  for (const event of chunk.events) {
    const ts = event.timestamp;
    if (ts < s.firstTimestamp) s.firstTimestamp = ts;
    if (ts > s.lastTimestamp) s.lastTimestamp = ts;
    const data = (event.data ?? {}) as EventData;
    const heat = s.heat.length < MAX_HEAT_EVENTS ? heatEventOf(event) : null;
    if (heat) s.heat.push(heat);
    let href: unknown;
    if (event.type === EventType.Meta) href = data.href;
    else if (event.type === EventType.IncrementalSnapshot) {
      const source = data.source as number;
      if (isUserActivity(event)) activity.push(ts);
      const mouse = source === IncrementalSource.MouseInteraction;
      if (mouse || source === IncrementalSource.MouseMove) s.mouseActivityCount++;
      if (mouse && data.type === MouseInteraction.Click) s.clickCount++;
      else if (source === IncrementalSource.Input) s.keypressCount++;
    } else if (event.type === EventType.Custom && typeof data.tag === 'string') {
      // Replay data for the player, not a moment on the timeline.
      if (REPLAY_ONLY.has(data.tag)) continue;
      const name = data.tag.slice(0, 200);
      s.customEvents.push({ name, timestamp: ts, properties: properties(data.payload) });
      const signal = SIGNALS[name];
      if (signal) s[signal]++;
      summarizeInsight(s, name, data.payload, ts);
      if (name === TapedeckEvent.pageview) {
        s.pageviewCount++;
        href = data.payload?.href;
      } else if (name === TapedeckEvent.identify && isDistinctId(data.payload?.distinctId)) {
        s.person = {
          distinctId: data.payload.distinctId,
          properties: properties(data.payload.properties),
        };
      } else if (
        name === TapedeckEvent.sessionStarting &&
        typeof data.payload?.previousSessionId === 'string' &&
        SESSION_ID.test(data.payload.previousSessionId)
      ) {
        s.previousSessionId = data.payload.previousSessionId;
      }
    } else if (event.type === EventType.Plugin && data.plugin === PluginId.console) {
      const level = data.payload?.level;
      if (level === 'error') s.consoleErrorCount++;
      else if (level === 'warn') s.consoleWarnCount++;
      else s.consoleLogCount++;
    } else if (event.type === EventType.Plugin && data.plugin === PluginId.network) {
      const requests = Array.isArray(data.payload?.requests) ? data.payload.requests : [];
      for (const r of requests as { status?: number }[])
        if (typeof r.status === 'number' && (r.status === 0 || r.status >= 400))
          s.networkErrorCount++;
    }
    if (typeof href === 'string') {
      // Older or other SDKs may send secret parameters: the index never holds them.
      const url = indexedUrl(href);
      urls.add(url);
      if (!s.firstUrl || ts < s.firstUrl.timestamp) s.firstUrl = { href: url, timestamp: ts };
    }
  }
  activity.sort((a, b) => a - b);
  for (let i = 1; i < activity.length; i++) {
    const gap = activity[i]! - activity[i - 1]!;
    if (gap <= ACTIVE_GAP_MS) s.activeMs += gap;
  }
  s.firstActivityTs = activity[0] ?? null;
  s.lastActivityTs = activity.at(-1) ?? null;
  s.urls = [...urls];
  return s;
}
