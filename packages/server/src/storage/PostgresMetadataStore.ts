import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { HttpError } from '../internal/HttpError.js';
import { ACTIVE_GAP_MS } from '../internal/summarizeChunk.js';
import { expandCohorts } from '../query/checkFilter.js';
import type { CollaborationStore } from './Collaboration.js';
import type {
  ApiKey,
  ChunkKey,
  ChunkRef,
  ChunkSummary,
  CustomEvent,
  MetadataStore,
  PackedChunk,
  Person,
  Project,
  RecordingSettings,
  SessionPage,
  SessionQuery,
  SessionSummary,
  SessionUsage,
  Usage,
} from './MetadataStore.js';
import { postgresCollaboration } from './PostgresCollaboration.js';
import { POSTGRES_MIGRATIONS } from './postgresSchema.js';
import { MAX_PERSON_PROPERTIES_CHARS } from './sessionCaps.js';
import {
  decodeCursor,
  encodeCursor,
  type KeyRow,
  ORDER_SQL,
  type SessionRow,
  toKey,
  toSummary,
} from './sessionRows.js';
import { compileFilter, POSTGRES_DIALECT } from './sqlFilter.js';

type Param = string | number | boolean | null | string[];
export type Sql = (text: string, params?: Param[]) => Promise<pg.QueryResult>;

/** PostgreSQL text cannot hold NUL characters: they are dropped, in text and in JSON. */
const clean = (params: Param[]) =>
  params.map((p) => (typeof p === 'string' ? p.replaceAll('\0', '') : p));
export const json = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\0', '') : v));

/** `?` placeholders (as the filter compiler writes them) become `$1`, `$2`, … */
export const positional = (text: string) => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

// BIGINT (ms timestamps, byte counts) and COUNT(*) as numbers: they stay far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 || oid === 1700
      ? Number
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Session metadata in PostgreSQL, for several server replicas: every write is one
 * transaction, chunk uniqueness is the primary key (not an in-process check), and jobs that
 * one replica should run at a time take an advisory lock.
 */
export class PostgresMetadataStore implements MetadataStore {
  readonly #pool: pg.Pool;
  readonly collaboration: CollaborationStore;

  readonly #queryTimeoutMs: number;

  private constructor(pool: pg.Pool, queryTimeoutMs: number) {
    this.#pool = pool;
    this.#queryTimeoutMs = queryTimeoutMs;
    this.collaboration = postgresCollaboration(this.#sql, this.#transaction);
  }

  /** Connects and brings the schema up to date (one replica at a time). */
  static async open(
    connectionString: string,
    queryTimeoutMs = 10_000,
  ): Promise<PostgresMetadataStore> {
    const pool = new pg.Pool({ connectionString, max: 10, types });
    const store = new PostgresMetadataStore(pool, queryTimeoutMs);
    await store.#transaction(async (sql) => {
      await sql('SELECT pg_advisory_xact_lock(hashtext($1))', ['tapedeck:migrate']);
      await sql('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      const { rows } = await sql('SELECT version FROM schema_version');
      const version = (rows[0]?.version as number | undefined) ?? 0;
      for (let v = version; v < POSTGRES_MIGRATIONS.length; v++) await sql(POSTGRES_MIGRATIONS[v]!);
      if (rows.length === 0)
        await sql('INSERT INTO schema_version VALUES ($1)', [POSTGRES_MIGRATIONS.length]);
      else await sql('UPDATE schema_version SET version = $1', [POSTGRES_MIGRATIONS.length]);
    });
    return store;
  }

  readonly #sql: Sql = (text, params = []) => this.#pool.query(positional(text), clean(params));

  readonly #transaction = async <T>(work: (sql: Sql) => Promise<T>): Promise<T> => {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work((text, params = []) =>
        client.query(positional(text), clean(params)),
      );
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };

  async #one<R>(text: string, params: Param[] = []): Promise<R | undefined> {
    return (await this.#sql(text, params)).rows[0] as R | undefined;
  }

  async #all<R>(text: string, params: Param[] = []): Promise<R[]> {
    return (await this.#sql(text, params)).rows as R[];
  }

  async sessionsToCompact(projectId: number, idleBefore: number, limit: number) {
    return this.#all<{ id: string; updatedAt: number }>(
      `SELECT id, updated_at AS "updatedAt" FROM sessions
       WHERE project_id = ? AND compacted_at IS NULL AND updated_at < ? LIMIT ?`,
      [projectId, idleBefore, limit],
    );
  }

  async packChunks(
    projectId: number,
    sessionId: string,
    packKey: string,
    chunks: PackedChunk[],
    updatedAt: number,
  ): Promise<void> {
    const queue = 'INSERT INTO blob_deletions (blob_key) VALUES (?) ON CONFLICT DO NOTHING';
    await this.#transaction(async (sql) => {
      let moved = 0;
      for (const c of chunks) {
        const result = await sql(
          `UPDATE chunks SET blob_key = ?, blob_offset = ?, blob_length = ?
           WHERE project_id = ? AND session_id = ? AND window_id = ? AND seq = ?`,
          [packKey, c.offset, c.length, projectId, sessionId, c.windowId, c.seq],
        );
        moved += result.rowCount ?? 0;
        await sql(queue, [c.oldKey]);
      }
      // Deleted meanwhile: nothing points at the pack.
      if (packKey && moved === 0) await sql(queue, [packKey]);
      await sql(
        'UPDATE sessions SET compacted_at = ? WHERE project_id = ? AND id = ? AND updated_at = ?',
        [Date.now(), projectId, sessionId, updatedAt],
      );
    });
  }

  /** Runs `work` unless another replica holds `name`; then returns null. */
  async exclusive<T>(name: string, work: () => Promise<T>): Promise<T | null> {
    const client = await this.#pool.connect();
    try {
      const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
        `tapedeck:${name}`,
      ]);
      if (!rows[0]?.ok) return null;
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`tapedeck:${name}`]);
      }
    } finally {
      client.release();
    }
  }

  /**
   * Takes one ingestion token from the project's bucket, shared by every replica: 0 when
   * allowed, else the seconds to wait.
   */
  async takeToken(projectId: number, perSecond: number, burst: number): Promise<number> {
    const refill =
      'LEAST($3::float8, rate_limits.tokens + GREATEST(0, $4::bigint - rate_limits.updated_at) / 1000.0 * $2::float8)';
    const row = await this.#one<{ tokens: number; taken: boolean }>(
      `INSERT INTO rate_limits (project_id, tokens, taken, updated_at)
       VALUES ($1::integer, $3::float8 - 1, TRUE, $4::bigint)
       ON CONFLICT (project_id) DO UPDATE SET
         tokens = ${refill} - CASE WHEN ${refill} >= 1 THEN 1 ELSE 0 END,
         taken = ${refill} >= 1,
         updated_at = $4::bigint
       RETURNING tokens, taken`,
      [projectId, perSecond, burst, Date.now()],
    );
    if (!row || row.taken) return 0;
    return Math.max(1, Math.ceil((1 - row.tokens) / perSecond));
  }

  async ensureDefaultProject(token?: string): Promise<Project> {
    // Replicas starting together on an empty database: one at a time makes the project.
    return this.#transaction(async (sql) => {
      await sql('SELECT pg_advisory_xact_lock(hashtext($1))', ['tapedeck:project']);
      const first = async () =>
        (await sql('SELECT id, name, token FROM projects ORDER BY id LIMIT 1')).rows[0] as
          | Project
          | undefined;
      const existing = await first();
      if (existing) {
        if (token && token !== existing.token)
          await sql('UPDATE projects SET token = ? WHERE id = ?', [token, existing.id]);
        return token ? { ...existing, token } : existing;
      }
      const fresh = token ?? `td_${randomBytes(18).toString('base64url')}`;
      await sql('INSERT INTO projects (name, token, created_at) VALUES (?, ?, ?)', [
        'Default project',
        fresh,
        Date.now(),
      ]);
      return (await first())!;
    });
  }

  async projectByToken(token: string): Promise<Project | null> {
    return (
      (await this.#one<Project>('SELECT id, name, token FROM projects WHERE token = ?', [token])) ??
      null
    );
  }

  async getRecordingSettings(projectId: number): Promise<RecordingSettings> {
    const row = await this.#one<{ recording_settings: RecordingSettings }>(
      'SELECT recording_settings FROM projects WHERE id = ?',
      [projectId],
    );
    return row?.recording_settings ?? {};
  }

  async setRecordingSettings(projectId: number, settings: RecordingSettings): Promise<void> {
    await this.#sql('UPDATE projects SET recording_settings = ? WHERE id = ?', [
      json(settings),
      projectId,
    ]);
  }

  async hasChunk(key: ChunkKey): Promise<boolean> {
    const row = await this.#one(
      'SELECT 1 FROM chunks WHERE project_id = ? AND session_id = ? AND window_id = ? AND seq = ?',
      [key.projectId, key.sessionId, key.windowId, key.seq],
    );
    return row !== undefined;
  }

  /** The chunk's row, its session and what it indexes, in one transaction. */
  async addChunk(key: ChunkKey, summary: ChunkSummary): Promise<boolean> {
    const { projectId, sessionId, windowId, seq } = key;
    const now = Date.now();
    return this.#transaction(async (sql) => {
      const inserted = await sql(
        `INSERT INTO chunks (project_id, session_id, window_id, seq, blob_key, first_ts, last_ts,
           event_count, size_bytes, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [
          ...[projectId, sessionId, windowId, seq, summary.blobKey],
          ...[summary.firstTimestamp, summary.lastTimestamp, summary.eventCount],
          ...[summary.sizeBytes, now],
        ],
      );
      if (inserted.rowCount === 0) return false;
      await upsertSession(sql, key, summary, now);
      for (const e of summary.customEvents)
        await sql(
          'INSERT INTO custom_events (project_id, session_id, name, timestamp, properties) VALUES (?, ?, ?, ?, ?)',
          [projectId, sessionId, e.name, e.timestamp, json(e.properties)],
        );
      let urls = 0;
      for (const url of summary.urls)
        urls +=
          (
            await sql(
              'INSERT INTO session_urls (project_id, session_id, url) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
              [projectId, sessionId, url],
            )
          ).rowCount ?? 0;
      await sql(
        'UPDATE sessions SET url_count = url_count + ?, marker_count = marker_count + ? WHERE project_id = ? AND id = ?',
        [urls, summary.customEvents.length, projectId, sessionId],
      );
      const distinctId = summary.person?.distinctId ?? summary.distinctId;
      if (distinctId)
        await sql(
          `INSERT INTO persons AS p (project_id, distinct_id, properties, first_seen, last_seen)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (project_id, distinct_id) DO UPDATE SET
             properties = CASE
               WHEN length((p.properties || excluded.properties)::text) > ${MAX_PERSON_PROPERTIES_CHARS}
               THEN p.properties ELSE p.properties || excluded.properties END,
             first_seen = LEAST(p.first_seen, excluded.first_seen),
             last_seen = GREATEST(p.last_seen, excluded.last_seen)`,
          [
            ...[projectId, distinctId, json(summary.person?.properties ?? {})],
            ...[summary.firstTimestamp, summary.lastTimestamp],
          ],
        );
      return true;
    });
  }

  async listSessions(projectId: number, query: SessionQuery): Promise<SessionPage> {
    const order = ORDER_SQL[query.order ?? 'start'];
    const desc = (query.direction ?? 'desc') === 'desc';
    const where = ['s.project_id = ?'];
    const params: Param[] = [projectId];
    if (query.filter) {
      const cohorts = new Map(
        (await this.collaboration.listCohorts(projectId)).map((c) => [c.id, c.filter]),
      );
      const filter = await expandCohorts(query.filter, (id) => cohorts.get(id) ?? null);
      const compiled = compileFilter(filter, POSTGRES_DIALECT);
      where.push(compiled.sql);
      params.push(...compiled.params);
    }
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      const cmp = desc ? '<' : '>';
      where.push(`(${order} ${cmp} ? OR (${order} = ? AND s.id ${cmp} ?))`);
      params.push(after.value, after.value, after.id);
    }
    const direction = desc ? 'DESC' : 'ASC';
    let rows: SessionRow[];
    try {
      // A search is bounded in time: a hostile regex or a huge filter stops here.
      rows = await this.#transaction(async (sql) => {
        await sql(`SET LOCAL statement_timeout = ${Math.round(this.#queryTimeoutMs)}`);
        const result = await sql(
          `SELECT s.*, ${order} AS sort_value FROM sessions s WHERE ${where.join(' AND ')}
           ORDER BY ${order} ${direction}, s.id ${direction} LIMIT ?`,
          [...params, query.limit + 1],
        );
        return result.rows as SessionRow[];
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '2201B')
        throw new HttpError(
          400,
          `filter: a url regex PostgreSQL cannot read: ${(error as Error).message}.`,
        );
      if (code === '57014')
        throw new HttpError(
          400,
          `filter: the search took longer than ${this.#queryTimeoutMs} ms and was stopped: narrow the filter (a simpler url regex, fewer conditions).`,
        );
      throw error;
    }
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const now = Date.now();
    return {
      sessions: page.map((row) => toSummary(row, now)),
      next: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  async getSession(projectId: number, sessionId: string): Promise<SessionSummary | null> {
    const row = await this.#one<SessionRow>(
      'SELECT *, 0 AS sort_value FROM sessions WHERE project_id = ? AND id = ?',
      [projectId, sessionId],
    );
    return row ? toSummary(row, Date.now()) : null;
  }

  async listChunks(projectId: number, sessionId: string): Promise<ChunkRef[]> {
    return this.#all<ChunkRef>(
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
    return this.#all<CustomEvent>(
      `SELECT name, timestamp, properties FROM custom_events
       WHERE project_id = ? AND session_id = ? ORDER BY timestamp, name, properties::text
       LIMIT ? OFFSET ?`,
      [projectId, sessionId, page.limit, page.offset],
    );
  }

  async sessionUsage(projectId: number, sessionId: string): Promise<SessionUsage | null> {
    const row = await this.#one<SessionUsage>(
      `SELECT chunk_count AS chunks, size_bytes AS bytes, url_count AS urls, marker_count AS events
       FROM sessions WHERE project_id = ? AND id = ?`,
      [projectId, sessionId],
    );
    return row ?? null;
  }

  async sessionDetails(projectId: number, sessionId: string) {
    const urls = await this.#all<{ url: string }>(
      'SELECT url FROM session_urls WHERE project_id = ? AND session_id = ? ORDER BY url',
      [projectId, sessionId],
    );
    const counts = await this.#all<{ name: string; count: number }>(
      `SELECT name, COUNT(*) AS count FROM custom_events WHERE project_id = ? AND session_id = ?
       GROUP BY name ORDER BY name`,
      [projectId, sessionId],
    );
    return {
      urls: urls.map((r) => r.url),
      eventCounts: Object.fromEntries(counts.map((r) => [r.name, r.count])),
    };
  }

  async getPerson(projectId: number, distinctId: string): Promise<Person | null> {
    const row = await this.#one<{
      distinct_id: string;
      properties: Record<string, unknown>;
      first_seen: number;
      last_seen: number;
    }>('SELECT * FROM persons WHERE project_id = ? AND distinct_id = ?', [projectId, distinctId]);
    if (!row) return null;
    return {
      distinctId: row.distinct_id,
      properties: row.properties,
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
    };
  }

  async addApiKey(
    projectId: number,
    key: { name: string; role: ApiKey['role']; hash: string; prefix: string },
  ): Promise<ApiKey> {
    const row = await this.#one<KeyRow>(
      `INSERT INTO api_keys (project_id, name, role, key_hash, prefix, created_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
      [projectId, key.name, key.role, key.hash, key.prefix, Date.now()],
    );
    return toKey(row!);
  }

  async findApiKey(hash: string): Promise<(ApiKey & { projectId: number; hash: string }) | null> {
    const row = await this.#one<KeyRow>('SELECT * FROM api_keys WHERE key_hash = ?', [hash]);
    if (!row) return null;
    const now = Date.now();
    if (!row.last_used_at || now - row.last_used_at > 60_000)
      await this.#sql('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [now, row.id]);
    return { ...toKey(row), projectId: row.project_id, hash: row.key_hash };
  }

  async listApiKeys(projectId: number): Promise<ApiKey[]> {
    const rows = await this.#all<KeyRow>(
      'SELECT * FROM api_keys WHERE project_id = ? ORDER BY id',
      [projectId],
    );
    return rows.map(toKey);
  }

  async deleteApiKey(projectId: number, id: number): Promise<boolean> {
    const result = await this.#sql('DELETE FROM api_keys WHERE project_id = ? AND id = ?', [
      projectId,
      id,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async getRetentionDays(projectId: number): Promise<number> {
    const row = await this.#one<{ retention_days: number }>(
      'SELECT retention_days FROM projects WHERE id = ?',
      [projectId],
    );
    return row?.retention_days ?? 30;
  }

  async setRetentionDays(projectId: number, days: number): Promise<void> {
    await this.#sql('UPDATE projects SET retention_days = ? WHERE id = ?', [days, projectId]);
  }

  async getDailyQuotaBytes(projectId: number): Promise<number | null> {
    const row = await this.#one<{ daily_quota_bytes: number | null }>(
      'SELECT daily_quota_bytes FROM projects WHERE id = ?',
      [projectId],
    );
    return row?.daily_quota_bytes ?? null;
  }

  async setDailyQuotaBytes(projectId: number, bytes: number | null): Promise<void> {
    await this.#sql('UPDATE projects SET daily_quota_bytes = ? WHERE id = ?', [bytes, projectId]);
  }

  async bytesReceivedSince(projectId: number, since: number): Promise<number> {
    const row = await this.#one<{ bytes: number | null }>(
      'SELECT SUM(size_bytes) AS bytes FROM chunks WHERE project_id = ? AND received_at >= ?',
      [projectId, since],
    );
    return row?.bytes ?? 0;
  }

  async usage(projectId: number, since: number): Promise<Usage> {
    const days = await this.#all<{ day: string; sessions: number; bytes: number }>(
      `SELECT to_char(to_timestamp(start_time / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
         COUNT(*) AS sessions, SUM(size_bytes) AS bytes
       FROM sessions WHERE project_id = ? AND start_time >= ? GROUP BY day ORDER BY day`,
      [projectId, since],
    );
    const totals = await this.#one<{ sessions: number; bytes: number | null }>(
      'SELECT COUNT(*) AS sessions, SUM(size_bytes) AS bytes FROM sessions WHERE project_id = ?',
      [projectId],
    );
    return { days, totalSessions: totals?.sessions ?? 0, storedBytes: totals?.bytes ?? 0 };
  }

  async deleteSessions(projectId: number, sessionIds: string[]): Promise<number> {
    if (sessionIds.length === 0) return 0;
    return this.#transaction(async (sql) => {
      const ids = [projectId, sessionIds] as Param[];
      await sql(
        `INSERT INTO blob_deletions (blob_key) SELECT blob_key FROM chunks
         WHERE project_id = ? AND session_id = ANY(?) ON CONFLICT DO NOTHING`,
        ids,
      );
      for (const table of ['chunks', 'custom_events', 'session_urls', 'session_tags', 'comments'])
        await sql(`DELETE FROM ${table} WHERE project_id = ? AND session_id = ANY(?)`, ids);
      const result = await sql('DELETE FROM sessions WHERE project_id = ? AND id = ANY(?)', ids);
      return result.rowCount ?? 0;
    });
  }

  async sessionIdsOfPerson(projectId: number, distinctId: string): Promise<string[]> {
    const rows = await this.#all<{ id: string }>(
      'SELECT id FROM sessions WHERE project_id = ? AND distinct_id = ?',
      [projectId, distinctId],
    );
    return rows.map((r) => r.id);
  }

  async deletePerson(projectId: number, distinctId: string): Promise<boolean> {
    const result = await this.#sql('DELETE FROM persons WHERE project_id = ? AND distinct_id = ?', [
      projectId,
      distinctId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async expiredSessionIds(projectId: number, before: number, limit: number): Promise<string[]> {
    const rows = await this.#all<{ id: string }>(
      'SELECT id FROM sessions WHERE project_id = ? AND updated_at < ? LIMIT ?',
      [projectId, before, limit],
    );
    return rows.map((r) => r.id);
  }

  async listProjects(): Promise<Project[]> {
    return this.#all<Project>('SELECT id, name, token FROM projects ORDER BY id');
  }

  async pendingBlobDeletions(limit: number): Promise<string[]> {
    const rows = await this.#all<{ blob_key: string }>(
      'SELECT blob_key FROM blob_deletions LIMIT ?',
      [limit],
    );
    return rows.map((r) => r.blob_key);
  }

  async blobKeysReceivedSince(since: number): Promise<string[]> {
    const rows = await this.#all<{ blob_key: string }>(
      'SELECT blob_key FROM chunks WHERE received_at >= ?',
      [since],
    );
    return rows.map((r) => r.blob_key);
  }

  async blobsDeleted(keys: string[]): Promise<void> {
    await this.#sql('DELETE FROM blob_deletions WHERE blob_key = ANY(?)', [keys]);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** Folds a chunk's summary into its session's row (see the SQLite store for the rules). */
async function upsertSession(sql: Sql, key: ChunkKey, c: ChunkSummary, now: number) {
  const sum = (column: string) => `${column} = s.${column} + excluded.${column}`;
  const keep = (column: string) => `${column} = COALESCE(s.${column}, excluded.${column})`;
  const counts = [
    'event_count',
    'pageview_count',
    'click_count',
    'keypress_count',
    'size_bytes',
    'mouse_activity_count',
    'console_log_count',
    'console_warn_count',
    'console_error_count',
    'network_error_count',
    'rage_click_count',
    'dead_click_count',
    'thrashing_count',
    'exception_count',
  ];
  const values: Param[] = [
    ...[key.projectId, key.sessionId, c.distinctId, c.firstTimestamp, c.lastTimestamp],
    ...[c.firstUrl?.href ?? null, c.firstUrl?.timestamp ?? null, c.sdkName, c.sdkVersion],
    ...[c.userAgent, now, c.activeMs, c.lastActivityTs, c.browser, c.os, c.deviceType],
    c.previousSessionId,
    ...[c.eventCount, c.pageviewCount, c.clickCount, c.keypressCount, c.sizeBytes],
    ...[c.mouseActivityCount, c.consoleLogCount, c.consoleWarnCount, c.consoleErrorCount],
    ...[c.networkErrorCount, c.rageClickCount, c.deadClickCount, c.thrashingCount],
    c.exceptionCount,
    c.firstActivityTs,
  ];
  const earlierUrl = 'excluded.first_url_ts < COALESCE(s.first_url_ts, excluded.first_url_ts + 1)';
  const gap = `$32::bigint - s.last_activity_ts`;
  await sql(
    `INSERT INTO sessions AS s (project_id, id, distinct_id, start_time, end_time, first_url,
       first_url_ts, sdk_name, sdk_version, user_agent, updated_at, active_ms, last_activity_ts,
       browser, os, device_type, previous_session_id, chunk_count, ${counts.join(', ')})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1,
       $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31)
     ON CONFLICT (project_id, id) DO UPDATE SET
       distinct_id = COALESCE(excluded.distinct_id, s.distinct_id),
       start_time = LEAST(s.start_time, excluded.start_time),
       end_time = GREATEST(s.end_time, excluded.end_time),
       first_url = CASE WHEN ${earlierUrl} THEN excluded.first_url ELSE s.first_url END,
       first_url_ts = CASE WHEN ${earlierUrl} THEN excluded.first_url_ts ELSE s.first_url_ts END,
       chunk_count = s.chunk_count + 1,
       sdk_name = excluded.sdk_name,
       sdk_version = excluded.sdk_version,
       updated_at = excluded.updated_at,
       compacted_at = NULL,
       active_ms = s.active_ms + excluded.active_ms
         + CASE WHEN ${gap} BETWEEN 0 AND ${ACTIVE_GAP_MS} THEN ${gap} ELSE 0 END,
       last_activity_ts = GREATEST(COALESCE(s.last_activity_ts, 0), COALESCE(excluded.last_activity_ts, 0)),
       ${['user_agent', 'browser', 'os', 'device_type', 'previous_session_id'].map(keep).join(', ')},
       ${counts.map(sum).join(', ')}`,
    values,
  );
}
