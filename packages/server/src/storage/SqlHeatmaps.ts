import type {
  Heatmap,
  HeatmapElement,
  HeatmapQuery,
  HeatmapSession,
  HeatmapSessionsQuery,
  HeatmapUrls,
} from '@tapedeck/protocol/api';
import type { Param, SqlDriver } from './sql/SqlDriver.js';

const MAX_POINTS = 2000;
const MAX_URLS = 200;
type PageFilter = Pick<HeatmapQuery, 'url' | 'width' | 'from' | 'to'>;

/** Heatmaps: clicks by element, click points, scroll depth; and who clicked an element. */
export interface HeatmapsStore {
  heatmap(projectId: number, query: HeatmapQuery): Promise<Heatmap>;
  heatmapSessions(projectId: number, query: HeatmapSessionsQuery): Promise<HeatmapSession[]>;
  heatmapUrls(projectId: number, range: { from?: number; to?: number }): Promise<HeatmapUrls>;
}

const widthOfView = (a: string) => `CASE WHEN ${a}width < 768 THEN 'mobile'
  WHEN ${a}width < 1024 THEN 'tablet' ELSE 'desktop' END`;

/**
 * The conditions on a page: its URL (exact, or a prefix before a trailing `*`), width group
 * and time. `a` is the table's alias (with its dot); `time` and `width` name its columns.
 */
function where(projectId: number, q: PageFilter, a: string, time: string, width: string) {
  const sql = [`${a}project_id = ?`];
  const params: Param[] = [projectId];
  if (q.url.endsWith('*')) {
    const prefix = q.url.slice(0, -1);
    // substr, not LIKE: SQLite's LIKE ignores case and both treat % and _ as wildcards.
    sql.push(`substr(${a}url, 1, CAST(? AS INTEGER)) = ?`);
    params.push(prefix.length, prefix);
  } else {
    sql.push(`${a}url = ?`);
    params.push(q.url);
  }
  if (q.width) {
    sql.push(`${width} = ?`);
    params.push(q.width);
  }
  if (q.from !== undefined) {
    sql.push(`${time} >= ?`);
    params.push(q.from);
  }
  if (q.to !== undefined) {
    sql.push(`${time} <= ?`);
    params.push(q.to);
  }
  return { sql: sql.join(' AND '), params };
}

export function sqlHeatmaps(db: SqlDriver): HeatmapsStore {
  return {
    async heatmap(projectId, q) {
      const views = where(projectId, q, '', 'started_at', widthOfView(''));
      const aliased = where(projectId, q, 'v.', 'v.started_at', widthOfView('v.'));
      const clicks = where(projectId, q, '', 'timestamp', 'width_bucket');
      const totals = await db.one<{ sessions: number; pageviews: number }>(
        `SELECT COUNT(DISTINCT session_id) AS sessions, COUNT(*) AS pageviews
         FROM page_views WHERE ${views.sql}`,
        views.params,
      );
      const latest = await db.one<{ sessionId: string; offsetMs: number }>(
        `SELECT v.session_id AS "sessionId", v.started_at - s.start_time AS "offsetMs"
         FROM page_views v JOIN sessions s ON s.project_id = v.project_id AND s.id = v.session_id
         WHERE ${aliased.sql} ORDER BY v.started_at DESC LIMIT 1`,
        aliased.params,
      );
      const elements = await db.all<HeatmapElement>(
        `SELECT selector,
           SUM(CASE WHEN kind = 'click' THEN 1 ELSE 0 END) AS clicks,
           SUM(CASE WHEN kind = 'rage' THEN 1 ELSE 0 END) AS rage,
           SUM(CASE WHEN kind = 'dead' THEN 1 ELSE 0 END) AS dead,
           COUNT(DISTINCT session_id) AS sessions
         FROM page_clicks WHERE ${clicks.sql} AND selector IS NOT NULL
         GROUP BY selector
         ORDER BY clicks DESC, SUM(CASE WHEN kind = 'click' THEN 0 ELSE 1 END) DESC, selector
         LIMIT ?`,
        [...clicks.params, q.limit ?? 200],
      );
      const points = await db.all<{ x: number; y: number; clicks: number }>(
        `SELECT x - x % 10 AS x, y - y % 10 AS y, COUNT(*) AS clicks
         FROM page_clicks WHERE ${clicks.sql} AND kind = 'click' AND x IS NOT NULL
         GROUP BY x - x % 10, y - y % 10 ORDER BY clicks DESC, y, x LIMIT ?`,
        [...clicks.params, MAX_POINTS],
      );
      const scroll = await db.all<{ y: number; pageviews: number }>(
        `SELECT max_bottom - max_bottom % 100 AS y, COUNT(*) AS pageviews
         FROM page_views WHERE ${views.sql} GROUP BY max_bottom - max_bottom % 100 ORDER BY y`,
        views.params,
      );
      return {
        sessions: Number(totals?.sessions ?? 0),
        pageviews: Number(totals?.pageviews ?? 0),
        snapshot: latest
          ? { sessionId: latest.sessionId, offsetMs: Number(latest.offsetMs) }
          : null,
        elements: elements.map((e) => ({
          selector: e.selector,
          clicks: Number(e.clicks),
          rage: Number(e.rage),
          dead: Number(e.dead),
          sessions: Number(e.sessions),
        })),
        points: points.map((p) => ({ x: Number(p.x), y: Number(p.y), clicks: Number(p.clicks) })),
        scroll: scroll.map((s) => ({ y: Number(s.y), pageviews: Number(s.pageviews) })),
      };
    },

    async heatmapSessions(projectId, q) {
      const clicks = where(projectId, q, 'c.', 'c.timestamp', 'c.width_bucket');
      const rows = await db.all<HeatmapSession>(
        `SELECT c.session_id AS "sessionId", s.distinct_id AS "distinctId",
           MIN(c.timestamp) AS timestamp, MIN(c.timestamp) - s.start_time AS "offsetMs",
           COUNT(*) AS clicks
         FROM page_clicks c JOIN sessions s ON s.project_id = c.project_id AND s.id = c.session_id
         WHERE ${clicks.sql} AND c.selector = ?
         GROUP BY c.session_id, s.distinct_id, s.start_time
         ORDER BY timestamp DESC, "sessionId" LIMIT ?`,
        [...clicks.params, q.selector, q.limit ?? 50],
      );
      return rows.map((r) => ({
        ...r,
        timestamp: Number(r.timestamp),
        offsetMs: Number(r.offsetMs),
        clicks: Number(r.clicks),
      }));
    },

    async heatmapUrls(projectId, { from, to }) {
      const sql = ['project_id = ?'];
      const params: Param[] = [projectId];
      if (from !== undefined) {
        sql.push('started_at >= ?');
        params.push(from);
      }
      if (to !== undefined) {
        sql.push('started_at <= ?');
        params.push(to);
      }
      const rows = await db.all<{ url: string; pageviews: number }>(
        `SELECT url, COUNT(*) AS pageviews FROM page_views WHERE ${sql.join(' AND ')}
         GROUP BY url ORDER BY pageviews DESC, url LIMIT ?`,
        [...params, MAX_URLS],
      );
      return { urls: rows.map((r) => ({ url: r.url, pageviews: Number(r.pageviews) })) };
    },
  };
}
