import type { ChunkKey, ChunkSummary } from '../MetadataStore.js';
import type { Dialect } from './dialect.js';
import type { Sql } from './SqlDriver.js';

/**
 * Folds a chunk's vitals and errors into the session's: one row per page view and metric (a
 * later report of the same measurement keeps the larger value, as CLS and INP only grow),
 * and per error group and session its count and first and last moments. A group keeps the
 * first error it was made from.
 */
export async function writeInsights(
  tx: Sql,
  d: Dialect,
  key: ChunkKey,
  c: Pick<ChunkSummary, 'vitals' | 'errors'>,
): Promise<void> {
  const { projectId, sessionId } = key;
  for (const v of c.vitals)
    await tx.run(
      `INSERT INTO session_vitals AS v (project_id, session_id, name, page_id, url, value, poor,
         timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (project_id, session_id, name, page_id) DO UPDATE SET
         value = ${d.greatest}(v.value, excluded.value),
         poor = ${d.greatest}(v.poor, excluded.poor),
         timestamp = ${d.greatest}(v.timestamp, excluded.timestamp)`,
      [projectId, sessionId, v.name, v.pageId, v.url, v.value, v.poor ? 1 : 0, v.timestamp],
    );
  for (const e of c.errors) {
    await tx.run(
      `INSERT INTO error_groups (project_id, id, type, title, message, stack, release, culprit,
         created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [projectId, e.id, e.type, e.title, e.message, e.stack, e.release, e.culprit, Date.now()],
    );
    await tx.run(
      `INSERT INTO error_sessions AS m (project_id, group_id, session_id, first_ts, last_ts, count)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (project_id, group_id, session_id) DO UPDATE SET
         first_ts = ${d.least}(m.first_ts, excluded.first_ts),
         last_ts = ${d.greatest}(m.last_ts, excluded.last_ts),
         count = m.count + excluded.count`,
      [projectId, e.id, sessionId, e.firstTs, e.lastTs, e.count],
    );
  }
}
