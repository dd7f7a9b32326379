import { rateVital, VITAL_THRESHOLDS, WEB_VITALS, type WebVitalName } from '@tapedeck/protocol';
import type { VitalStat } from '@tapedeck/protocol/api';
import type { ErrorGroupRecord, InsightsStore, VitalsUrl } from './Insights.js';
import type { Param, SqlDriver } from './sql/SqlDriver.js';

/** (url, metric) pairs one summary reads at most: the ones with the most page views. */
const MAX_SUMMARY_ROWS = 5000;

// Thresholds are the protocol's constants, never input: written into the statement.
const goodCase = `CASE ${WEB_VITALS.map(
  (name) => `WHEN name = '${name}' AND value <= ${VITAL_THRESHOLDS[name][0]} THEN 1`,
).join(' ')} ELSE 0 END`;

const GROUP_COLUMNS = `g.id, g.type, g.title, g.message, g.culprit, g.release, g.stack,
  SUM(m.count) AS count, COUNT(*) AS sessions, COUNT(DISTINCT s.distinct_id) AS people,
  MIN(m.first_ts) AS "firstSeen", MAX(m.last_ts) AS "lastSeen"
  FROM error_groups g
  JOIN error_sessions m ON m.project_id = g.project_id AND m.group_id = g.id
  LEFT JOIN sessions s ON s.project_id = m.project_id AND s.id = m.session_id`;
const GROUP_BY = 'GROUP BY g.id, g.type, g.title, g.message, g.culprit, g.release, g.stack';

type SummaryRow = {
  url: string;
  name: WebVitalName;
  n: number;
  p75: number;
  good: number;
  poor: number;
};

/** Web Vitals, error groups and source maps, in either database. */
export function sqlInsights(db: SqlDriver): InsightsStore {
  return {
    async vitalsSummary(projectId, { from, to, limit }) {
      const where = ['project_id = ?'];
      const params: Param[] = [projectId];
      for (const [bound, op] of [
        [from, '>='],
        [to, '<='],
      ] as const)
        if (bound !== undefined) {
          where.push(`timestamp ${op} ?`);
          params.push(bound);
        }
      // web.dev's p75: the value of the page view at rank ceil(0.75 n), per URL and metric.
      const rows = await db.all<SummaryRow>(
        `WITH ranked AS (
           SELECT url, name, value,
             ROW_NUMBER() OVER (PARTITION BY url, name ORDER BY value) AS rn,
             COUNT(*) OVER (PARTITION BY url, name) AS n,
             SUM(${goodCase}) OVER (PARTITION BY url, name) AS good,
             SUM(poor) OVER (PARTITION BY url, name) AS poor
           FROM session_vitals WHERE ${where.join(' AND ')})
         SELECT url, name, n, value AS p75, good, poor FROM ranked WHERE rn = (3 * n + 3) / 4
         ORDER BY n DESC, url, name LIMIT ?`,
        [...params, MAX_SUMMARY_ROWS],
      );
      const byUrl = new Map<string, VitalsUrl>();
      for (const r of rows) {
        const entry = byUrl.get(r.url) ?? { url: r.url, pageviews: 0, metrics: {} };
        byUrl.set(r.url, entry);
        const [n, good, poor] = [Number(r.n), Number(r.good), Number(r.poor)];
        const p75 = Number(r.p75);
        const stat: VitalStat = {
          p75,
          samples: n,
          good,
          needsImprovement: n - good - poor,
          poor,
          rating: rateVital(r.name, p75),
        };
        entry.metrics[r.name] = stat;
        entry.pageviews = Math.max(entry.pageviews, n);
      }
      return [...byUrl.values()]
        .sort((a, b) => b.pageviews - a.pageviews || a.url.localeCompare(b.url))
        .slice(0, limit);
    },

    async sessionVitals(projectId, sessionId) {
      const rows = await db.all<{
        name: WebVitalName;
        value: number;
        url: string;
        timestamp: number;
      }>(
        `SELECT name, value, url, timestamp FROM session_vitals
         WHERE project_id = ? AND session_id = ? ORDER BY timestamp, name LIMIT 1000`,
        [projectId, sessionId],
      );
      return rows.map((r) => ({
        ...r,
        value: Number(r.value),
        rating: rateVital(r.name, Number(r.value)),
      }));
    },

    async listErrorGroups(projectId, { limit, offset }) {
      const rows = await db.all<ErrorGroupRecord>(
        `SELECT ${GROUP_COLUMNS} WHERE g.project_id = ? ${GROUP_BY}
         ORDER BY "lastSeen" DESC, g.id LIMIT ? OFFSET ?`,
        [projectId, limit, offset],
      );
      return rows.map(({ release: _r, stack: _s, ...group }) => numbers(group));
    },

    async getErrorGroup(projectId, id) {
      const row = await db.one<ErrorGroupRecord>(
        `SELECT ${GROUP_COLUMNS} WHERE g.project_id = ? AND g.id = ? ${GROUP_BY}`,
        [projectId, id],
      );
      return row ? numbers(row) : null;
    },

    async errorSessions(projectId, id, limit) {
      return db.all(
        `SELECT m.session_id AS "sessionId", s.distinct_id AS "distinctId",
           m.first_ts AS timestamp, m.first_ts - s.start_time AS "offsetMs", m.count
         FROM error_sessions m
         JOIN sessions s ON s.project_id = m.project_id AND s.id = m.session_id
         WHERE m.project_id = ? AND m.group_id = ? ORDER BY m.last_ts DESC, m.session_id LIMIT ?`,
        [projectId, id, limit],
      );
    },

    async putSourceMap(projectId, map) {
      const key = [projectId, map.release ?? '', map.url];
      await db.transaction(async (tx) => {
        const before = await tx.one<{ blob_key: string }>(
          'SELECT blob_key FROM source_maps WHERE project_id = ? AND release = ? AND url = ?',
          key,
        );
        await tx.run(
          `INSERT INTO source_maps (project_id, release, url, blob_key, size_bytes, uploaded_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, release, url) DO UPDATE SET
             blob_key = excluded.blob_key, size_bytes = excluded.size_bytes,
             uploaded_at = excluded.uploaded_at`,
          [...key, map.blobKey, map.sizeBytes, Date.now()],
        );
        // A map stored again is kept, even if an earlier replacement queued it to go.
        await tx.run('DELETE FROM blob_deletions WHERE blob_key = ?', [map.blobKey]);
        // The map it replaces goes, unless another release or URL has the same one.
        const old = before?.blob_key;
        if (old && old !== map.blobKey)
          await tx.run(
            `INSERT INTO blob_deletions (blob_key) SELECT ? WHERE NOT EXISTS
               (SELECT 1 FROM source_maps WHERE blob_key = ?) ON CONFLICT DO NOTHING`,
            [old, old],
          );
      });
    },

    async listSourceMaps(projectId, limit) {
      const rows = await db.all<{
        release: string;
        url: string;
        sizeBytes: number;
        uploadedAt: number;
      }>(
        `SELECT release, url, size_bytes AS "sizeBytes", uploaded_at AS "uploadedAt"
         FROM source_maps WHERE project_id = ? ORDER BY uploaded_at DESC, url LIMIT ?`,
        [projectId, limit],
      );
      return rows.map((r) => ({ ...r, release: r.release || null }));
    },

    async findSourceMaps(projectId, urls, release) {
      const found = new Map<string, string>();
      if (urls.length === 0) return found;
      const rows = await db.all<{ url: string; release: string; blob_key: string }>(
        `SELECT url, release, blob_key FROM source_maps WHERE project_id = ?
         AND release IN (?, '') AND url IN (${urls.map(() => '?').join(', ')})`,
        [projectId, release ?? '', ...urls],
      );
      // The release's own map wins over one uploaded without a release.
      for (const r of rows.sort((a, b) => a.release.length - b.release.length))
        found.set(r.url, r.blob_key);
      return found;
    },
  };
}

/** Counts as numbers, whatever the driver reads SUM and MIN as. */
function numbers<
  T extends {
    count: number;
    sessions: number;
    people: number;
    firstSeen: number;
    lastSeen: number;
  },
>(row: T): T {
  return {
    ...row,
    count: Number(row.count),
    sessions: Number(row.sessions),
    people: Number(row.people),
    firstSeen: Number(row.firstSeen),
    lastSeen: Number(row.lastSeen),
  };
}
