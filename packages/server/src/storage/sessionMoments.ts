import { TapedeckEvent } from '@tapedeck/protocol';
import { MOMENTS_PER_SESSION, type SessionSummary } from '@tapedeck/protocol/api';
import type { SqlDriver } from './sql/SqlDriver.js';

type Moment = NonNullable<SessionSummary['moments']>[number];

const KINDS: Record<string, Moment['kind']> = {
  [TapedeckEvent.pageview]: 'pageview',
  [TapedeckEvent.rageClick]: 'rage',
  [TapedeckEvent.deadClick]: 'dead',
  [TapedeckEvent.exception]: 'error',
};

/**
 * Each listed session's page views and signals over time, for the list's activity strip: one
 * query for the whole page of sessions (the first few dozen of each, by the index on session).
 */
export async function withMoments(
  db: SqlDriver,
  projectId: number,
  sessions: SessionSummary[],
): Promise<SessionSummary[]> {
  if (sessions.length === 0) return sessions;
  const names = Object.keys(KINDS);
  const rows = await db.all<{ session_id: string; name: string; timestamp: number | string }>(
    `SELECT session_id, name, timestamp FROM (
       SELECT session_id, name, timestamp,
         ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY timestamp) AS n
       FROM custom_events
       WHERE project_id = ? AND session_id IN (${sessions.map(() => '?').join(', ')})
         AND name IN (${names.map(() => '?').join(', ')})
     ) e WHERE n <= ?`,
    [projectId, ...sessions.map((s) => s.id), ...names, MOMENTS_PER_SESSION],
  );
  const bySession = new Map<string, Moment[]>();
  const starts = new Map(sessions.map((s) => [s.id, s.startTime]));
  for (const row of rows) {
    const list = bySession.get(row.session_id) ?? [];
    const start = starts.get(row.session_id) ?? 0;
    list.push({ atMs: Math.max(0, Number(row.timestamp) - start), kind: KINDS[row.name]! });
    bySession.set(row.session_id, list);
  }
  return sessions.map((s) => ({ ...s, moments: bySession.get(s.id) ?? [] }));
}
