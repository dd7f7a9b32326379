import { ACTIVE_GAP_MS } from '../../internal/summarizeChunk.js';
import type { ChunkKey, ChunkSummary } from '../MetadataStore.js';
import { mergeProperties } from '../mergeProperties.js';
import { MAX_PERSON_PROPERTIES_CHARS } from '../sessionCaps.js';
import type { Dialect } from './dialect.js';
import { fromJson, toJson } from './json.js';
import type { Param, Sql } from './SqlDriver.js';
import { writeHeat } from './writeHeat.js';
import { writeInsights } from './writeInsights.js';

/** Counters a chunk adds to its session's. */
const COUNTS = [
  ['event_count', 'eventCount'],
  ['pageview_count', 'pageviewCount'],
  ['click_count', 'clickCount'],
  ['keypress_count', 'keypressCount'],
  ['size_bytes', 'sizeBytes'],
  ['mouse_activity_count', 'mouseActivityCount'],
  ['console_log_count', 'consoleLogCount'],
  ['console_warn_count', 'consoleWarnCount'],
  ['console_error_count', 'consoleErrorCount'],
  ['network_error_count', 'networkErrorCount'],
  ['rage_click_count', 'rageClickCount'],
  ['dead_click_count', 'deadClickCount'],
  ['thrashing_count', 'thrashingCount'],
  ['exception_count', 'exceptionCount'],
] as const satisfies readonly (readonly [string, keyof ChunkSummary])[];

/** Columns the session keeps from its first chunk that has them. */
const KEPT = ['user_agent', 'browser', 'os', 'device_type', 'previous_session_id', 'country'];

const upsertSessionSql = (d: Dialect) => {
  const earlierUrl = 'excluded.first_url_ts < COALESCE(s.first_url_ts, excluded.first_url_ts + 1)';
  const gap = 'CAST(? AS BIGINT) - s.last_activity_ts';
  // url_count and marker_count: the URLs new to the session and the chunk's markers.
  const counts = [...COUNTS.map(([column]) => column), 'url_count', 'marker_count'];
  return `INSERT INTO sessions AS s (project_id, id, distinct_id, start_time, end_time, first_url,
       first_url_ts, sdk_name, sdk_version, user_agent, updated_at, active_ms, last_activity_ts,
       browser, os, device_type, previous_session_id, country, chunk_count, ${counts.join(', ')})
     VALUES (${Array(18).fill('?').join(', ')}, 1, ${counts.map(() => '?').join(', ')})
     ON CONFLICT (project_id, id) DO UPDATE SET
       distinct_id = COALESCE(excluded.distinct_id, s.distinct_id),
       start_time = ${d.least}(s.start_time, excluded.start_time),
       end_time = ${d.greatest}(s.end_time, excluded.end_time),
       first_url = CASE WHEN ${earlierUrl} THEN excluded.first_url ELSE s.first_url END,
       first_url_ts = CASE WHEN ${earlierUrl} THEN excluded.first_url_ts ELSE s.first_url_ts END,
       chunk_count = s.chunk_count + 1,
       sdk_name = excluded.sdk_name,
       sdk_version = excluded.sdk_version,
       updated_at = excluded.updated_at,
       compacted_at = NULL,
       -- Activity across chunks joins when the gap between them is short.
       active_ms = s.active_ms + excluded.active_ms
         + CASE WHEN ${gap} BETWEEN 0 AND ${ACTIVE_GAP_MS} THEN ${gap} ELSE 0 END,
       last_activity_ts = ${d.greatest}(COALESCE(s.last_activity_ts, 0), COALESCE(excluded.last_activity_ts, 0)),
       ${KEPT.map((c) => `${c} = COALESCE(s.${c}, excluded.${c})`).join(', ')},
       ${counts.map((c) => `${c} = s.${c} + excluded.${c}`).join(', ')}`;
};

const sqlCache = new Map<Dialect, string>();

/**
 * Stores a chunk's row and folds its summary into the session, the session's URLs and
 * markers, and its person. False (and nothing written) when the chunk is already stored.
 */
export async function writeChunk(
  tx: Sql,
  d: Dialect,
  key: ChunkKey,
  c: ChunkSummary,
): Promise<boolean> {
  const { projectId, sessionId, windowId, seq } = key;
  const now = Date.now();
  const inserted = await tx.run(
    `INSERT INTO chunks (project_id, session_id, window_id, seq, blob_key, blob_offset,
       blob_length, first_ts, last_ts, event_count, size_bytes, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [
      projectId,
      sessionId,
      windowId,
      seq,
      c.blobKey,
      c.blobOffset ?? null,
      c.blobLength ?? null,
    ].concat([c.firstTimestamp, c.lastTimestamp, c.eventCount, c.sizeBytes, now]),
  );
  if (inserted === 0) return false;
  for (const e of c.customEvents)
    await tx.run(
      'INSERT INTO custom_events (project_id, session_id, name, timestamp, properties) VALUES (?, ?, ?, ?, ?)',
      [projectId, sessionId, e.name, e.timestamp, toJson(e.properties)],
    );
  let urls = 0;
  for (const url of c.urls)
    urls += await tx.run(
      'INSERT INTO session_urls (project_id, session_id, url) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      [projectId, sessionId, url],
    );
  const upsert = sqlCache.get(d) ?? upsertSessionSql(d);
  sqlCache.set(d, upsert);
  const values: Param[] = [
    ...[projectId, sessionId, c.distinctId, c.firstTimestamp, c.lastTimestamp],
    ...[c.firstUrl?.href ?? null, c.firstUrl?.timestamp ?? null, c.sdkName, c.sdkVersion],
    ...[c.userAgent, now, c.activeMs, c.lastActivityTs, c.browser, c.os, c.deviceType],
    c.previousSessionId,
    c.country,
    ...COUNTS.map(([, field]) => c[field]),
    ...[urls, c.customEvents.length],
    ...[c.firstActivityTs, c.firstActivityTs],
  ];
  await tx.run(upsert, values);
  await writeInsights(tx, d, key, c);
  await writeHeat(tx, key, c.heat);
  const distinctId = c.person?.distinctId ?? c.distinctId;
  if (distinctId) await writePerson(tx, d, projectId, distinctId, c);
  return true;
}

/** The person's first and last sight, and their properties merged (see `mergeProperties`). */
async function writePerson(
  tx: Sql,
  d: Dialect,
  projectId: number,
  distinctId: string,
  c: ChunkSummary,
): Promise<void> {
  // PostgreSQL: the upsert locks the row until commit, so no replica merges in between.
  await tx.run(
    `INSERT INTO persons AS p (project_id, distinct_id, properties, first_seen, last_seen)
     VALUES (?, ?, '{}', ?, ?)
     ON CONFLICT (project_id, distinct_id) DO UPDATE SET
       first_seen = ${d.least}(p.first_seen, excluded.first_seen),
       last_seen = ${d.greatest}(p.last_seen, excluded.last_seen)`,
    [projectId, distinctId, c.firstTimestamp, c.lastTimestamp],
  );
  const patch = c.person?.properties;
  if (!patch || Object.keys(patch).length === 0) return;
  const where = 'WHERE project_id = ? AND distinct_id = ?';
  const row = await tx.one<{ properties: string }>(`SELECT properties FROM persons ${where}`, [
    projectId,
    distinctId,
  ]);
  const merged = toJson(mergeProperties(fromJson(row!.properties), patch));
  // Merged properties stay bounded: a merge past the limit keeps what was there.
  if (merged.length > MAX_PERSON_PROPERTIES_CHARS) return;
  await tx.run(`UPDATE persons SET properties = ? ${where}`, [merged, projectId, distinctId]);
}
