import type { LinkedSession, LinkedSessions } from '@tapedeck/protocol/api';
import type { Sql } from './sql/SqlDriver.js';

/** Most sessions listed as continuing one. */
const MAX_CONTINUED_IN = 20;

const COLUMNS = `id, distinct_id AS "distinctId", start_time AS "startTime", end_time AS "endTime",
  first_url AS "firstUrl"`;

/**
 * The sessions around one, in four indexed reads: the same person's previous and next (by
 * start, then id), the stored session it continues, and those continuing it. Null when the
 * session is not in the project.
 */
export async function linkedSessions(
  db: Sql,
  projectId: number,
  sessionId: string,
): Promise<LinkedSessions | null> {
  const row = await db.one<{
    distinct_id: string | null;
    start_time: number;
    previous_session_id: string | null;
  }>(
    'SELECT distinct_id, start_time, previous_session_id FROM sessions WHERE project_id = ? AND id = ?',
    [projectId, sessionId],
  );
  if (!row) return null;
  const neighbour = async (before: boolean) => {
    if (row.distinct_id === null) return null;
    const [cmp, order] = before ? ['<', 'DESC'] : ['>', 'ASC'];
    const found = await db.one<LinkedSession>(
      `SELECT ${COLUMNS} FROM sessions
       WHERE project_id = ? AND distinct_id = ?
         AND (start_time ${cmp} ? OR (start_time = ? AND id ${cmp} ?))
       ORDER BY start_time ${order}, id ${order} LIMIT 1`,
      [projectId, row.distinct_id, row.start_time, row.start_time, sessionId],
    );
    return found ?? null;
  };
  const continuedFrom =
    row.previous_session_id === null
      ? undefined
      : await db.one<LinkedSession>(
          `SELECT ${COLUMNS} FROM sessions WHERE project_id = ? AND id = ?`,
          [projectId, row.previous_session_id],
        );
  const continuedIn = await db.all<LinkedSession>(
    `SELECT ${COLUMNS} FROM sessions WHERE project_id = ? AND previous_session_id = ?
     ORDER BY start_time, id LIMIT ?`,
    [projectId, sessionId, MAX_CONTINUED_IN],
  );
  return {
    previous: await neighbour(true),
    next: await neighbour(false),
    continuedFrom: continuedFrom ?? null,
    continuedIn,
  };
}
