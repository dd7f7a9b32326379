import { LIVE_WINDOW_MS } from '@tapedeck/protocol/api';
import type { ApiKey, SessionOrder, SessionSummary } from './MetadataStore.js';

// Rows of the session index and of API keys, as both SQL stores read them, and the pieces of
// the session list (orderings, cursors) they share.

export interface SessionRow {
  id: string;
  distinct_id: string | null;
  start_time: number;
  end_time: number;
  active_ms: number;
  first_url: string | null;
  event_count: number;
  pageview_count: number;
  click_count: number;
  keypress_count: number;
  mouse_activity_count: number;
  console_log_count: number;
  console_warn_count: number;
  console_error_count: number;
  network_error_count: number;
  rage_click_count: number;
  dead_click_count: number;
  thrashing_count: number;
  exception_count: number;
  chunk_count: number;
  size_bytes: number;
  sdk_name: string;
  sdk_version: string;
  user_agent: string | null;
  browser: string | null;
  os: string | null;
  device_type: string | null;
  previous_session_id: string | null;
  country: string | null;
  updated_at: number;
  sort_value: number;
}

const ONGOING_MS = 5 * 60_000;

export interface KeyRow {
  id: number;
  project_id: number;
  name: string;
  role: ApiKey['role'];
  key_hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
}

export const toKey = (row: KeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  role: row.role,
  prefix: row.prefix,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});

export const toSummary = (row: SessionRow, now: number): SessionSummary => ({
  id: row.id,
  distinctId: row.distinct_id,
  startTime: row.start_time,
  endTime: row.end_time,
  durationMs: row.end_time - row.start_time,
  activeMs: row.active_ms,
  firstUrl: row.first_url,
  eventCount: row.event_count,
  pageviewCount: row.pageview_count,
  clickCount: row.click_count,
  keypressCount: row.keypress_count,
  mouseActivityCount: row.mouse_activity_count,
  consoleLogCount: row.console_log_count,
  consoleWarnCount: row.console_warn_count,
  consoleErrorCount: row.console_error_count,
  networkErrorCount: row.network_error_count,
  rageClickCount: row.rage_click_count,
  deadClickCount: row.dead_click_count,
  thrashingCount: row.thrashing_count,
  exceptionCount: row.exception_count,
  chunkCount: row.chunk_count,
  sizeBytes: row.size_bytes,
  sdk: { name: row.sdk_name, version: row.sdk_version },
  userAgent: row.user_agent,
  browser: row.browser,
  os: row.os,
  deviceType: row.device_type,
  previousSessionId: row.previous_session_id,
  country: row.country,
  ongoing: now - row.updated_at < ONGOING_MS,
  // From the row the list reads anyway: a list of many sessions needs no request a row. An
  // import (its SDK `*-import`) arrives all at once: nothing more is coming to watch.
  live: now - row.updated_at < LIVE_WINDOW_MS && !row.sdk_name.endsWith('-import'),
});

/** The expression each ordering sorts by; `activity` weighs what a user did. */
export const ORDER_SQL: Record<SessionOrder, string> = {
  start: 's.start_time',
  duration: '(s.end_time - s.start_time)',
  active: 's.active_ms',
  clicks: 's.click_count',
  consoleErrors: 's.console_error_count',
  activity:
    '(s.active_ms / 1000 + s.click_count * 2 + s.keypress_count + s.pageview_count * 3 + s.rage_click_count * 5)',
};

export const encodeCursor = (row: SessionRow) =>
  Buffer.from(JSON.stringify([row.sort_value, row.id])).toString('base64url');

export function decodeCursor(cursor: string): { value: number; id: string } {
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [number, string];
    if (typeof value === 'number' && typeof id === 'string') return { value, id };
  } catch {
    // fall through
  }
  throw new RangeError('cursor is not one this API gave');
}
