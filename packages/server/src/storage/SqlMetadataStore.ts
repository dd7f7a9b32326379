import { expandCohorts } from '../query/checkFilter.js';
import type { AlertStore } from './AlertStore.js';
import type { CollaborationStore } from './Collaboration.js';
import type { InsightsStore } from './Insights.js';
import { linkedSessions } from './linkedSessions.js';
import type {
  ChunkKey,
  ChunkRef,
  CustomEvent,
  MetadataStore,
  Person,
  SessionPage,
  SessionQuery,
  SessionSummary,
  SessionUsage,
} from './MetadataStore.js';
import { sqlAlerts } from './SqlAlerts.js';
import { sqlCollaboration } from './SqlCollaboration.js';
import { type HeatmapsStore, sqlHeatmaps } from './SqlHeatmaps.js';
import { sqlInsights } from './SqlInsights.js';
import { selectiveConditions, type UrlLists } from './selectiveConditions.js';
import { withMoments } from './sessionMoments.js';
import {
  decodeCursor,
  encodeCursor,
  ORDER_SQL,
  type SessionRow,
  toSummary,
} from './sessionRows.js';
import { fromJson } from './sql/json.js';
import { IDS_PER_STATEMENT, inList, SqlChunkStore } from './sql/SqlChunkStore.js';
import type { Param, SqlDriver } from './sql/SqlDriver.js';
import { compileFilter } from './sqlFilter.js';

const SESSION_TABLES = [
  'chunks',
  'custom_events',
  'event_properties',
  'session_urls',
  'session_tags',
  'comments',
  'session_vitals',
  'error_sessions',
  'page_views',
  'page_clicks',
];

/** A session's row as its `SessionUsage`. */
const usageColumns = (s: string) =>
  `${s}.chunk_count AS chunks, ${s}.size_bytes AS bytes, ${s}.url_count AS urls, ${s}.marker_count AS events`;

/**
 * Session metadata in SQL, the same statements on SQLite (one process, the default) and
 * PostgreSQL (several replicas): what differs lives in the driver and its dialect.
 */
export class SqlMetadataStore extends SqlChunkStore implements MetadataStore {
  readonly collaboration: CollaborationStore;
  readonly insights: InsightsStore;
  readonly heatmaps: HeatmapsStore;
  readonly alerts: AlertStore;

  constructor(driver: SqlDriver) {
    super(driver);
    this.heatmaps = sqlHeatmaps(driver);
    this.collaboration = sqlCollaboration(driver);
    this.insights = sqlInsights(driver);
    this.alerts = sqlAlerts(driver);
  }

  async listSessions(projectId: number, query: SessionQuery): Promise<SessionPage> {
    const order = ORDER_SQL[query.order ?? 'start'];
    const desc = (query.direction ?? 'desc') === 'desc';
    const where = ['s.project_id = ?'];
    const params: Param[] = [projectId];
    if (query.filter) {
      // Each cohort the filter names, read once; a filter that names none reads none.
      const filter = await expandCohorts(query.filter, async (id) => {
        const row = await this.db.one<{ filter: string }>(
          'SELECT filter FROM cohorts WHERE project_id = ? AND id = ?',
          [projectId, id],
        );
        return row ? fromJson(row.filter) : null;
      });
      const urls: UrlLists = new Map();
      const known = await selectiveConditions(this.db, this.db.dialect, projectId, filter, urls);
      const compiled = compileFilter(filter, this.db.dialect, Date.now(), known, urls);
      where.push(compiled.sql);
      params.push(...compiled.params);
    }
    if (query.updated) {
      where.push('s.updated_at > ? AND s.updated_at <= ?');
      params.push(query.updated.after, query.updated.upTo);
    }
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      const cmp = desc ? '<' : '>';
      where.push(`(${order} ${cmp} ? OR (${order} = ? AND s.id ${cmp} ?))`);
      params.push(after.value, after.value, after.id);
    }
    const direction = desc ? 'DESC' : 'ASC';
    const rows = await this.db.search<SessionRow>(
      `SELECT s.*, ${order} AS sort_value FROM sessions s WHERE ${where.join(' AND ')}
       ORDER BY ${order} ${direction}, s.id ${direction} LIMIT ?`,
      [...params, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const now = Date.now();
    return {
      sessions: await withMoments(
        this.db,
        projectId,
        page.map((row) => toSummary(row, now)),
      ),
      next: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  async getSession(projectId: number, sessionId: string): Promise<SessionSummary | null> {
    const row = await this.db.one<SessionRow>(
      'SELECT *, 0 AS sort_value FROM sessions WHERE project_id = ? AND id = ?',
      [projectId, sessionId],
    );
    return row ? toSummary(row, Date.now()) : null;
  }

  async sessionUsage(projectId: number, sessionId: string): Promise<SessionUsage | null> {
    const row = await this.db.one<SessionUsage>(
      `SELECT ${usageColumns('sessions')} FROM sessions WHERE project_id = ? AND id = ?`,
      [projectId, sessionId],
    );
    return row ?? null;
  }

  async admission(key: ChunkKey): Promise<{ stored: boolean; usage: SessionUsage | null }> {
    const row = await this.db.one<SessionUsage & { stored: number | boolean; has: number | null }>(
      `SELECT EXISTS (SELECT 1 FROM chunks WHERE project_id = ? AND session_id = ?
           AND window_id = ? AND seq = ?) AS stored,
         ${usageColumns('s')}, s.project_id AS has
       FROM (SELECT 1 AS one) AS here
       LEFT JOIN sessions s ON s.project_id = ? AND s.id = ?`,
      [key.projectId, key.sessionId, key.windowId, key.seq, key.projectId, key.sessionId],
    );
    const { stored, has, ...usage } = row!;
    return { stored: Boolean(stored), usage: has === null ? null : usage };
  }

  async listChunks(projectId: number, sessionId: string): Promise<ChunkRef[]> {
    return this.db.all<ChunkRef>(
      `SELECT window_id AS "windowId", seq, blob_key AS "blobKey", first_ts AS "firstTimestamp",
         blob_offset AS "blobOffset", blob_length AS "blobLength"
       FROM chunks WHERE project_id = ? AND session_id = ? ORDER BY first_ts, window_id, seq`,
      [projectId, sessionId],
    );
  }

  async listCustomEvents(
    projectId: number,
    sessionId: string,
    page: { offset: number; limit: number },
  ): Promise<CustomEvent[]> {
    const rows = await this.db.all<{ name: string; timestamp: number; properties: string }>(
      `SELECT name, timestamp, properties FROM custom_events
       WHERE project_id = ? AND session_id = ?
       ORDER BY timestamp, name, ${this.db.dialect.jsonText('properties')} LIMIT ? OFFSET ?`,
      [projectId, sessionId, page.limit, page.offset],
    );
    return rows.map((e) => ({ ...e, properties: fromJson<Record<string, unknown>>(e.properties) }));
  }

  async sessionDetails(projectId: number, sessionId: string) {
    const urls = await this.db.all<{ url: string }>(
      'SELECT url FROM session_urls WHERE project_id = ? AND session_id = ? ORDER BY url',
      [projectId, sessionId],
    );
    const counts = await this.db.all<{ name: string; count: number }>(
      `SELECT name, COUNT(*) AS count FROM custom_events WHERE project_id = ? AND session_id = ?
       GROUP BY name ORDER BY name`,
      [projectId, sessionId],
    );
    return {
      urls: urls.map((r) => r.url),
      eventCounts: Object.fromEntries(counts.map((r) => [r.name, r.count])),
    };
  }

  linkedSessions(projectId: number, sessionId: string) {
    return linkedSessions(this.db, projectId, sessionId);
  }

  async getPerson(projectId: number, distinctId: string): Promise<Person | null> {
    const row = await this.db.one<{
      distinct_id: string;
      properties: string;
      first_seen: number;
      last_seen: number;
    }>('SELECT * FROM persons WHERE project_id = ? AND distinct_id = ?', [projectId, distinctId]);
    if (!row) return null;
    return {
      distinctId: row.distinct_id,
      properties: fromJson<Record<string, unknown>>(row.properties),
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
    };
  }

  async sessionIdsOfPerson(projectId: number, distinctId: string): Promise<string[]> {
    const rows = await this.db.all<{ id: string }>(
      'SELECT id FROM sessions WHERE project_id = ? AND distinct_id = ?',
      [projectId, distinctId],
    );
    return rows.map((r) => r.id);
  }

  async deletePerson(projectId: number, distinctId: string): Promise<boolean> {
    const where = 'WHERE project_id = ? AND distinct_id = ?';
    const deleted = await this.db.run(`DELETE FROM persons ${where}`, [projectId, distinctId]);
    await this.db.scrub();
    return deleted > 0;
  }

  async deleteSessions(projectId: number, sessionIds: string[]): Promise<number> {
    if (sessionIds.length === 0) return 0;
    const deleted = await this.db.transaction(async (tx) => {
      let deleted = 0;
      for (let i = 0; i < sessionIds.length; i += IDS_PER_STATEMENT) {
        const ids = sessionIds.slice(i, i + IDS_PER_STATEMENT);
        const where = `WHERE project_id = ? AND session_id IN ${inList(ids)}`;
        await this.queueBlobsOf(tx, where, [projectId, ...ids]);
        for (const table of SESSION_TABLES)
          await tx.run(`DELETE FROM ${table} ${where}`, [projectId, ...ids]);
        deleted += await tx.run(
          `DELETE FROM sessions WHERE project_id = ? AND id IN ${inList(ids)}`,
          [projectId, ...ids],
        );
      }
      // A group none of whose sessions are left goes too.
      await tx.run(
        `DELETE FROM error_groups WHERE project_id = ? AND NOT EXISTS (SELECT 1 FROM error_sessions m
           WHERE m.project_id = error_groups.project_id AND m.group_id = error_groups.id)`,
        [projectId],
      );
      return deleted;
    });
    // No copy of the deleted rows left in the database's files either.
    await this.db.scrub();
    return deleted;
  }

  async expiredSessionIds(projectId: number, before: number, limit: number): Promise<string[]> {
    const rows = await this.db.all<{ id: string }>(
      'SELECT id FROM sessions WHERE project_id = ? AND updated_at < ? LIMIT ?',
      [projectId, before, limit],
    );
    return rows.map((r) => r.id);
  }

  async sessionsToCompact(projectId: number, idleBefore: number, limit: number) {
    return this.db.all<{ id: string; updatedAt: number }>(
      `SELECT id, updated_at AS "updatedAt" FROM sessions
       WHERE project_id = ? AND compacted_at IS NULL AND updated_at < ? LIMIT ?`,
      [projectId, idleBefore, limit],
    );
  }
}
