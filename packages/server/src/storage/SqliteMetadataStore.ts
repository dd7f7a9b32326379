import { randomBytes } from 'node:crypto';
import type { Filter } from '@tapedeck/protocol/api';
import Database from 'better-sqlite3';
import { RE2JS } from 're2js';
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
import { COLLABORATION_SCHEMA, sqliteCollaboration } from './SqliteCollaboration.js';
import { MAX_PERSON_PROPERTIES_CHARS, SESSION_CAPS_MIGRATION } from './sessionCaps.js';
import {
  decodeCursor,
  encodeCursor,
  type KeyRow,
  ORDER_SQL,
  type SessionRow,
  toKey,
  toSummary,
} from './sessionRows.js';
import { compileFilter, SQLITE_DIALECT } from './sqlFilter.js';

const MIGRATIONS: string[] = [
  `CREATE TABLE projects (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     token TEXT NOT NULL UNIQUE,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE sessions (
     project_id INTEGER NOT NULL REFERENCES projects(id),
     id TEXT NOT NULL,
     distinct_id TEXT,
     start_time INTEGER NOT NULL,
     end_time INTEGER NOT NULL,
     first_url TEXT,
     first_url_ts INTEGER,
     event_count INTEGER NOT NULL,
     pageview_count INTEGER NOT NULL,
     click_count INTEGER NOT NULL,
     keypress_count INTEGER NOT NULL,
     chunk_count INTEGER NOT NULL,
     size_bytes INTEGER NOT NULL,
     sdk_name TEXT NOT NULL,
     sdk_version TEXT NOT NULL,
     user_agent TEXT,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (project_id, id)
   );
   CREATE INDEX sessions_by_start ON sessions (project_id, start_time DESC, id DESC);
   CREATE TABLE chunks (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     window_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     blob_key TEXT NOT NULL,
     first_ts INTEGER NOT NULL,
     last_ts INTEGER NOT NULL,
     event_count INTEGER NOT NULL,
     size_bytes INTEGER NOT NULL,
     received_at INTEGER NOT NULL,
     PRIMARY KEY (project_id, session_id, window_id, seq)
   );`,
  `ALTER TABLE projects ADD COLUMN recording_settings TEXT NOT NULL DEFAULT '{}';`,
  `ALTER TABLE sessions ADD COLUMN active_ms INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN last_activity_ts INTEGER;
   ALTER TABLE sessions ADD COLUMN mouse_activity_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN console_log_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN console_warn_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN console_error_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN network_error_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN rage_click_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN dead_click_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN thrashing_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN exception_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN browser TEXT;
   ALTER TABLE sessions ADD COLUMN os TEXT;
   ALTER TABLE sessions ADD COLUMN device_type TEXT;
   ALTER TABLE sessions ADD COLUMN previous_session_id TEXT;
   CREATE INDEX sessions_by_duration ON sessions (project_id, (end_time - start_time), id);
   CREATE INDEX sessions_by_distinct_id ON sessions (project_id, distinct_id);
   CREATE TABLE custom_events (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     name TEXT NOT NULL,
     timestamp INTEGER NOT NULL,
     properties TEXT NOT NULL
   );
   CREATE INDEX custom_events_by_name ON custom_events (project_id, name, session_id, timestamp);
   CREATE INDEX custom_events_by_session ON custom_events (project_id, session_id, timestamp);
   CREATE TABLE session_urls (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     url TEXT NOT NULL,
     PRIMARY KEY (project_id, session_id, url)
   );
   CREATE TABLE persons (
     project_id INTEGER NOT NULL,
     distinct_id TEXT NOT NULL,
     properties TEXT NOT NULL DEFAULT '{}',
     first_seen INTEGER NOT NULL,
     last_seen INTEGER NOT NULL,
     PRIMARY KEY (project_id, distinct_id)
   );
   CREATE TABLE api_keys (
     id INTEGER PRIMARY KEY,
     project_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
     key_hash TEXT NOT NULL UNIQUE,
     prefix TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_used_at INTEGER
   );
   ALTER TABLE projects ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 30;
   CREATE INDEX sessions_by_end ON sessions (project_id, end_time);
   CREATE TABLE blob_deletions (blob_key TEXT PRIMARY KEY);
   CREATE TABLE cohorts (
     id INTEGER PRIMARY KEY,
     project_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     filter TEXT NOT NULL
   );`,
  COLLABORATION_SCHEMA,
  `ALTER TABLE projects ADD COLUMN daily_quota_bytes INTEGER;
   CREATE INDEX chunks_by_received ON chunks (project_id, received_at);`,
  `ALTER TABLE chunks ADD COLUMN blob_offset INTEGER;
   ALTER TABLE chunks ADD COLUMN blob_length INTEGER;
   ALTER TABLE sessions ADD COLUMN compacted_at INTEGER;
   CREATE INDEX sessions_to_compact ON sessions (project_id, updated_at) WHERE compacted_at IS NULL;`,
  SESSION_CAPS_MIGRATION,
];

/** URL text one search's regexes may read on SQLite. */
const REGEX_BUDGET_CHARS = 4 * 2 ** 20;

class RegexBudgetSpent extends Error {}

/** The embedded metadata store: one SQLite file, WAL mode, fully synchronous commits. */
export class SqliteMetadataStore implements MetadataStore {
  readonly #db: Database.Database;
  readonly #statements;
  readonly collaboration: CollaborationStore;
  #regexBudget = REGEX_BUDGET_CHARS;
  #pending: {
    key: ChunkKey;
    summary: ChunkSummary;
    resolve: (added: boolean) => void;
    reject: (error: unknown) => void;
  }[] = [];

  constructor(file: string) {
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('foreign_keys = ON');
    this.#db.pragma('busy_timeout = 5000');
    this.#migrate();
    // RE2 semantics (linear time): a regex from a filter cannot stall the event loop.
    const regexps = new Map<string, RE2JS>();
    this.#db.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
      if (typeof pattern !== 'string' || typeof value !== 'string') return 0;
      let re = regexps.get(pattern);
      if (!re) {
        if (regexps.size > 100) regexps.clear();
        re = RE2JS.compile(pattern);
        regexps.set(pattern, re);
      }
      // SQLite queries run on the event loop: a search's regex work is bounded, as
      // PostgreSQL's statement_timeout bounds it there.
      this.#regexBudget -= value.length;
      if (this.#regexBudget < 0) throw new RegexBudgetSpent();
      return re.test(value) ? 1 : 0;
    });
    const db = this.#db;
    this.collaboration = sqliteCollaboration(db);
    this.#statements = {
      projectByToken: db.prepare<[string], Project>(
        'SELECT id, name, token FROM projects WHERE token = ?',
      ),
      firstProject: db.prepare<[], Project>(
        'SELECT id, name, token FROM projects ORDER BY id LIMIT 1',
      ),
      insertProject: db.prepare<[string, string, number]>(
        'INSERT INTO projects (name, token, created_at) VALUES (?, ?, ?)',
      ),
      setToken: db.prepare<[string, number]>('UPDATE projects SET token = ? WHERE id = ?'),
      getSettings: db.prepare<[number], { recording_settings: string }>(
        'SELECT recording_settings FROM projects WHERE id = ?',
      ),
      setSettings: db.prepare<[string, number]>(
        'UPDATE projects SET recording_settings = ? WHERE id = ?',
      ),
      toCompact: db.prepare<[number, number, number], { id: string; updatedAt: number }>(
        `SELECT id, updated_at AS updatedAt FROM sessions
         WHERE project_id = ? AND compacted_at IS NULL AND updated_at < ? LIMIT ?`,
      ),
      moveChunk: db.prepare<[string, number, number, number, string, string, number]>(
        `UPDATE chunks SET blob_key = ?, blob_offset = ?, blob_length = ?
         WHERE project_id = ? AND session_id = ? AND window_id = ? AND seq = ?`,
      ),
      compacted: db.prepare<[number, number, string, number]>(
        'UPDATE sessions SET compacted_at = ? WHERE project_id = ? AND id = ? AND updated_at = ?',
      ),
      blobKeysSince: db.prepare<[number], { blob_key: string }>(
        'SELECT blob_key FROM chunks WHERE received_at >= ?',
      ),
      hasChunk: db.prepare<[number, string, string, number], { one: number }>(
        'SELECT 1 AS one FROM chunks WHERE project_id = ? AND session_id = ? AND window_id = ? AND seq = ?',
      ),
      insertChunk: db.prepare(
        `INSERT OR IGNORE INTO chunks (project_id, session_id, window_id, seq, blob_key,
           first_ts, last_ts, event_count, size_bytes, received_at)
         VALUES (@projectId, @sessionId, @windowId, @seq, @blobKey,
           @firstTimestamp, @lastTimestamp, @eventCount, @sizeBytes, @now)`,
      ),
      upsertSession: db.prepare(
        `INSERT INTO sessions (project_id, id, distinct_id, start_time, end_time, first_url,
           first_url_ts, event_count, pageview_count, click_count, keypress_count, chunk_count,
           size_bytes, sdk_name, sdk_version, user_agent, updated_at, active_ms, last_activity_ts,
           mouse_activity_count, console_log_count, console_warn_count, console_error_count,
           network_error_count, rage_click_count, dead_click_count, thrashing_count, exception_count,
           browser, os, device_type, previous_session_id)
         VALUES (@projectId, @sessionId, @distinctId, @firstTimestamp, @lastTimestamp, @firstUrl,
           @firstUrlTs, @eventCount, @pageviewCount, @clickCount, @keypressCount, 1,
           @sizeBytes, @sdkName, @sdkVersion, @userAgent, @now, @activeMs, @lastActivityTs,
           @mouseActivityCount, @consoleLogCount, @consoleWarnCount, @consoleErrorCount,
           @networkErrorCount, @rageClickCount, @deadClickCount, @thrashingCount, @exceptionCount,
           @browser, @os, @deviceType, @previousSessionId)
         ON CONFLICT (project_id, id) DO UPDATE SET
           distinct_id = COALESCE(excluded.distinct_id, distinct_id),
           start_time = MIN(start_time, excluded.start_time),
           end_time = MAX(end_time, excluded.end_time),
           first_url = CASE WHEN excluded.first_url_ts < COALESCE(first_url_ts, excluded.first_url_ts + 1)
             THEN excluded.first_url ELSE first_url END,
           first_url_ts = CASE WHEN excluded.first_url_ts < COALESCE(first_url_ts, excluded.first_url_ts + 1)
             THEN excluded.first_url_ts ELSE first_url_ts END,
           event_count = event_count + excluded.event_count,
           pageview_count = pageview_count + excluded.pageview_count,
           click_count = click_count + excluded.click_count,
           keypress_count = keypress_count + excluded.keypress_count,
           chunk_count = chunk_count + 1,
           size_bytes = size_bytes + excluded.size_bytes,
           sdk_name = excluded.sdk_name,
           sdk_version = excluded.sdk_version,
           user_agent = COALESCE(user_agent, excluded.user_agent),
           updated_at = excluded.updated_at,
           compacted_at = NULL,
           -- Activity across chunks joins when the gap between them is short.
           active_ms = active_ms + excluded.active_ms + CASE
             WHEN @firstActivityTs - last_activity_ts BETWEEN 0 AND ${ACTIVE_GAP_MS}
             THEN @firstActivityTs - last_activity_ts ELSE 0 END,
           last_activity_ts = MAX(COALESCE(last_activity_ts, 0), COALESCE(excluded.last_activity_ts, 0)),
           mouse_activity_count = mouse_activity_count + excluded.mouse_activity_count,
           console_log_count = console_log_count + excluded.console_log_count,
           console_warn_count = console_warn_count + excluded.console_warn_count,
           console_error_count = console_error_count + excluded.console_error_count,
           network_error_count = network_error_count + excluded.network_error_count,
           rage_click_count = rage_click_count + excluded.rage_click_count,
           dead_click_count = dead_click_count + excluded.dead_click_count,
           thrashing_count = thrashing_count + excluded.thrashing_count,
           exception_count = exception_count + excluded.exception_count,
           browser = COALESCE(browser, excluded.browser),
           os = COALESCE(os, excluded.os),
           device_type = COALESCE(device_type, excluded.device_type),
           previous_session_id = COALESCE(previous_session_id, excluded.previous_session_id)`,
      ),
      insertEvent: db.prepare<[number, string, string, number, string]>(
        'INSERT INTO custom_events (project_id, session_id, name, timestamp, properties) VALUES (?, ?, ?, ?, ?)',
      ),
      insertUrl: db.prepare<[number, string, string]>(
        'INSERT OR IGNORE INTO session_urls (project_id, session_id, url) VALUES (?, ?, ?)',
      ),
      upsertPerson: db.prepare<[number, string, string, number, number]>(
        `INSERT INTO persons (project_id, distinct_id, properties, first_seen, last_seen)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (project_id, distinct_id) DO UPDATE SET
           -- Merged properties stay bounded: a merge past the limit keeps what was there.
           properties = CASE
             WHEN length(json_patch(properties, excluded.properties)) > ${MAX_PERSON_PROPERTIES_CHARS}
             THEN properties ELSE json_patch(properties, excluded.properties) END,
           first_seen = MIN(first_seen, excluded.first_seen),
           last_seen = MAX(last_seen, excluded.last_seen)`,
      ),
      listEvents: db.prepare<
        [number, string, number, number],
        { name: string; timestamp: number; properties: string }
      >(
        `SELECT name, timestamp, properties FROM custom_events
         WHERE project_id = ? AND session_id = ? ORDER BY timestamp, rowid LIMIT ? OFFSET ?`,
      ),
      countRows: db.prepare<[number, number, number, string]>(
        'UPDATE sessions SET url_count = url_count + ?, marker_count = marker_count + ? WHERE project_id = ? AND id = ?',
      ),
      usage: db.prepare<[number, string], SessionUsage>(
        `SELECT chunk_count AS chunks, size_bytes AS bytes, url_count AS urls, marker_count AS events
         FROM sessions WHERE project_id = ? AND id = ?`,
      ),
      getPerson: db.prepare<
        [number, string],
        { distinct_id: string; properties: string; first_seen: number; last_seen: number }
      >('SELECT * FROM persons WHERE project_id = ? AND distinct_id = ?'),
      addKey: db.prepare<[number, string, string, string, string, number]>(
        'INSERT INTO api_keys (project_id, name, role, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      findKey: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE key_hash = ?'),
      touchKey: db.prepare<[number, number]>('UPDATE api_keys SET last_used_at = ? WHERE id = ?'),
      listKeys: db.prepare<[number], KeyRow>(
        'SELECT * FROM api_keys WHERE project_id = ? ORDER BY id',
      ),
      getKey: db.prepare<[number], KeyRow>('SELECT * FROM api_keys WHERE id = ?'),
      deleteKey: db.prepare<[number, number]>(
        'DELETE FROM api_keys WHERE project_id = ? AND id = ?',
      ),
      getRetention: db.prepare<[number], { retention_days: number }>(
        'SELECT retention_days FROM projects WHERE id = ?',
      ),
      setRetention: db.prepare<[number, number]>(
        'UPDATE projects SET retention_days = ? WHERE id = ?',
      ),
      chunkKeys: db.prepare<[number, string], { blob_key: string }>(
        'SELECT blob_key FROM chunks WHERE project_id = ? AND session_id = ?',
      ),
      queueBlob: db.prepare<[string]>('INSERT OR IGNORE INTO blob_deletions (blob_key) VALUES (?)'),
      deleteRows: ['chunks', 'custom_events', 'session_urls', 'session_tags', 'comments'].map(
        (table) =>
          db.prepare<[number, string]>(
            `DELETE FROM ${table} WHERE project_id = ? AND session_id = ?`,
          ),
      ),
      deleteSession: db.prepare<[number, string]>(
        'DELETE FROM sessions WHERE project_id = ? AND id = ?',
      ),
      personSessions: db.prepare<[number, string], { id: string }>(
        'SELECT id FROM sessions WHERE project_id = ? AND distinct_id = ?',
      ),
      deletePerson: db.prepare<[number, string]>(
        'DELETE FROM persons WHERE project_id = ? AND distinct_id = ?',
      ),
      expired: db.prepare<[number, number, number], { id: string }>(
        'SELECT id FROM sessions WHERE project_id = ? AND updated_at < ? LIMIT ?',
      ),
      projects: db.prepare<[], Project>('SELECT id, name, token FROM projects ORDER BY id'),
      pendingBlobs: db.prepare<[number], { blob_key: string }>(
        'SELECT blob_key FROM blob_deletions LIMIT ?',
      ),
      blobDone: db.prepare<[string]>('DELETE FROM blob_deletions WHERE blob_key = ?'),
      getQuota: db.prepare<[number], { daily_quota_bytes: number | null }>(
        'SELECT daily_quota_bytes FROM projects WHERE id = ?',
      ),
      setQuota: db.prepare<[number | null, number]>(
        'UPDATE projects SET daily_quota_bytes = ? WHERE id = ?',
      ),
      bytesSince: db.prepare<[number, number], { bytes: number | null }>(
        'SELECT SUM(size_bytes) AS bytes FROM chunks WHERE project_id = ? AND received_at >= ?',
      ),
      usageDays: db.prepare<[number, number], { day: string; sessions: number; bytes: number }>(
        `SELECT date(start_time / 1000, 'unixepoch') AS day, COUNT(*) AS sessions, SUM(size_bytes) AS bytes
         FROM sessions WHERE project_id = ? AND start_time >= ? GROUP BY day ORDER BY day`,
      ),
      usageTotals: db.prepare<[number], { sessions: number; bytes: number | null }>(
        'SELECT COUNT(*) AS sessions, SUM(size_bytes) AS bytes FROM sessions WHERE project_id = ?',
      ),
      sessionUrls: db.prepare<[number, string], { url: string }>(
        'SELECT url FROM session_urls WHERE project_id = ? AND session_id = ? ORDER BY url',
      ),
      eventCounts: db.prepare<[number, string], { name: string; count: number }>(
        `SELECT name, COUNT(*) AS count FROM custom_events WHERE project_id = ? AND session_id = ?
         GROUP BY name ORDER BY name`,
      ),
      getCohort: db.prepare<[number, number], { filter: string }>(
        'SELECT filter FROM cohorts WHERE project_id = ? AND id = ?',
      ),
      getSession: db.prepare<[number, string], SessionRow>(
        'SELECT *, 0 AS sort_value FROM sessions WHERE project_id = ? AND id = ?',
      ),
      listChunks: db.prepare<[number, string], ChunkRef>(
        `SELECT window_id AS windowId, seq, blob_key AS blobKey, first_ts AS firstTimestamp,
           blob_offset AS blobOffset, blob_length AS blobLength
         FROM chunks WHERE project_id = ? AND session_id = ? ORDER BY first_ts, window_id, seq`,
      ),
    };
  }

  #migrate(): void {
    const version = this.#db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.#db.transaction(() => {
        this.#db.exec(MIGRATIONS[v]!);
        this.#db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  async ensureDefaultProject(token?: string): Promise<Project> {
    const first = this.#statements.firstProject.get();
    if (first) {
      if (token && token !== first.token) this.#statements.setToken.run(token, first.id);
      return token ? { ...first, token } : first;
    }
    const fresh = token ?? `td_${randomBytes(18).toString('base64url')}`;
    this.#statements.insertProject.run('Default project', fresh, Date.now());
    return this.#statements.firstProject.get()!;
  }

  async projectByToken(token: string): Promise<Project | null> {
    return this.#statements.projectByToken.get(token) ?? null;
  }

  async getRecordingSettings(projectId: number): Promise<RecordingSettings> {
    const row = this.#statements.getSettings.get(projectId);
    return row ? (JSON.parse(row.recording_settings) as RecordingSettings) : {};
  }

  async setRecordingSettings(projectId: number, settings: RecordingSettings): Promise<void> {
    this.#statements.setSettings.run(JSON.stringify(settings), projectId);
  }

  async sessionsToCompact(projectId: number, idleBefore: number, limit: number) {
    return this.#statements.toCompact.all(projectId, idleBefore, limit);
  }

  async packChunks(
    projectId: number,
    sessionId: string,
    packKey: string,
    chunks: PackedChunk[],
    updatedAt: number,
  ): Promise<void> {
    const { moveChunk: move, compacted } = this.#statements;
    this.#db.transaction(() => {
      let moved = 0;
      for (const c of chunks) {
        moved += move.run(
          packKey,
          c.offset,
          c.length,
          projectId,
          sessionId,
          c.windowId,
          c.seq,
        ).changes;
        this.#statements.queueBlob.run(c.oldKey);
      }
      // Deleted meanwhile: nothing points at the pack.
      if (packKey && moved === 0) this.#statements.queueBlob.run(packKey);
      compacted.run(Date.now(), projectId, sessionId, updatedAt);
    })();
  }

  /** One process owns the SQLite file: nothing else can be running the job. */
  async exclusive<T>(_name: string, work: () => Promise<T>): Promise<T> {
    return work();
  }

  async hasChunk(key: ChunkKey): Promise<boolean> {
    const { projectId, sessionId, windowId, seq } = key;
    return this.#statements.hasChunk.get(projectId, sessionId, windowId, seq) !== undefined;
  }

  /**
   * Chunks that arrive together are committed together: one transaction (and one fsync)
   * for every chunk whose blob was written since the last commit. Each caller's promise
   * resolves once its chunk is committed.
   */
  addChunk(key: ChunkKey, summary: ChunkSummary): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ key, summary, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#commitPending());
    });
  }

  #commitPending(): void {
    const batch = this.#pending.splice(0);
    try {
      const added = this.#db.transaction(() => batch.map((b) => this.#addOne(b.key, b.summary)))();
      for (const [i, b] of batch.entries()) b.resolve(added[i]!);
    } catch {
      // One bad chunk must not fail the others: commit them one by one.
      for (const b of batch) {
        try {
          b.resolve(this.#db.transaction(() => this.#addOne(b.key, b.summary))());
        } catch (error) {
          b.reject(error);
        }
      }
    }
  }

  #addOne(key: ChunkKey, summary: ChunkSummary): boolean {
    const now = Date.now();
    const params = {
      ...key,
      ...summary,
      firstUrl: summary.firstUrl?.href ?? null,
      firstUrlTs: summary.firstUrl?.timestamp ?? null,
      now,
    };
    const { projectId, sessionId } = key;
    const st = this.#statements;
    if (st.insertChunk.run(params).changes === 0) return false;
    st.upsertSession.run(params);
    for (const e of summary.customEvents)
      st.insertEvent.run(projectId, sessionId, e.name, e.timestamp, JSON.stringify(e.properties));
    let urls = 0;
    for (const url of summary.urls) urls += st.insertUrl.run(projectId, sessionId, url).changes;
    st.countRows.run(urls, summary.customEvents.length, projectId, sessionId);
    const distinctId = summary.person?.distinctId ?? summary.distinctId;
    if (distinctId) {
      const props = JSON.stringify(summary.person?.properties ?? {});
      st.upsertPerson.run(
        projectId,
        distinctId,
        props,
        summary.firstTimestamp,
        summary.lastTimestamp,
      );
    }
    return true;
  }

  async listSessions(projectId: number, query: SessionQuery): Promise<SessionPage> {
    const order = ORDER_SQL[query.order ?? 'start'];
    const desc = (query.direction ?? 'desc') === 'desc';
    const where = ['s.project_id = ?'];
    const params: (string | number)[] = [projectId];
    if (query.filter) {
      const filter = await expandCohorts(query.filter, (id) => this.#cohort(projectId, id));
      const compiled = compileFilter(filter, SQLITE_DIALECT);
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
    this.#regexBudget = REGEX_BUDGET_CHARS;
    let rows: SessionRow[];
    try {
      rows = this.#db
        .prepare<(string | number)[], SessionRow>(
          `SELECT s.*, ${order} AS sort_value FROM sessions s WHERE ${where.join(' AND ')}
           ORDER BY ${order} ${direction}, s.id ${direction} LIMIT ?`,
        )
        .all(...params, query.limit + 1);
    } catch (error) {
      if (!(error instanceof RegexBudgetSpent)) throw error;
      throw new HttpError(
        400,
        `filter: the url regex search read more than ${REGEX_BUDGET_CHARS / 2 ** 20} MB of URLs and was stopped: narrow it (a date range, url.contains, fewer regexes).`,
      );
    }
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const now = Date.now();
    return {
      sessions: page.map((row) => toSummary(row, now)),
      next: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  #cohort(projectId: number, id: number): unknown {
    const row = this.#statements.getCohort.get(projectId, id);
    return row ? (JSON.parse(row.filter) as Filter) : null;
  }

  async sessionUsage(projectId: number, sessionId: string): Promise<SessionUsage | null> {
    return this.#statements.usage.get(projectId, sessionId) ?? null;
  }

  async getSession(projectId: number, sessionId: string): Promise<SessionSummary | null> {
    const row = this.#statements.getSession.get(projectId, sessionId);
    return row ? toSummary(row, Date.now()) : null;
  }

  async listChunks(projectId: number, sessionId: string): Promise<ChunkRef[]> {
    return this.#statements.listChunks.all(projectId, sessionId);
  }

  async listCustomEvents(
    projectId: number,
    sessionId: string,
    page: { offset: number; limit: number },
  ): Promise<CustomEvent[]> {
    return this.#statements.listEvents
      .all(projectId, sessionId, page.limit, page.offset)
      .map((e) => ({ ...e, properties: JSON.parse(e.properties) as Record<string, unknown> }));
  }

  async sessionDetails(projectId: number, sessionId: string) {
    return {
      urls: this.#statements.sessionUrls.all(projectId, sessionId).map((r) => r.url),
      eventCounts: Object.fromEntries(
        this.#statements.eventCounts.all(projectId, sessionId).map((r) => [r.name, r.count]),
      ),
    };
  }

  async getPerson(projectId: number, distinctId: string): Promise<Person | null> {
    const row = this.#statements.getPerson.get(projectId, distinctId);
    if (!row) return null;
    return {
      distinctId: row.distinct_id,
      properties: JSON.parse(row.properties) as Record<string, unknown>,
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
    };
  }

  async addApiKey(
    projectId: number,
    key: { name: string; role: ApiKey['role']; hash: string; prefix: string },
  ): Promise<ApiKey> {
    const { lastInsertRowid } = this.#statements.addKey.run(
      projectId,
      key.name,
      key.role,
      key.hash,
      key.prefix,
      Date.now(),
    );
    return toKey(this.#statements.getKey.get(Number(lastInsertRowid))!);
  }

  async findApiKey(hash: string): Promise<(ApiKey & { projectId: number; hash: string }) | null> {
    const row = this.#statements.findKey.get(hash);
    if (!row) return null;
    const now = Date.now();
    // Written at most once a minute, so reading the API does not write on every request.
    if (!row.last_used_at || now - row.last_used_at > 60_000)
      this.#statements.touchKey.run(now, row.id);
    return { ...toKey(row), projectId: row.project_id, hash: row.key_hash };
  }

  async listApiKeys(projectId: number): Promise<ApiKey[]> {
    return this.#statements.listKeys.all(projectId).map(toKey);
  }

  async deleteApiKey(projectId: number, id: number): Promise<boolean> {
    return this.#statements.deleteKey.run(projectId, id).changes > 0;
  }

  async getRetentionDays(projectId: number): Promise<number> {
    return this.#statements.getRetention.get(projectId)?.retention_days ?? 30;
  }

  async getDailyQuotaBytes(projectId: number): Promise<number | null> {
    return this.#statements.getQuota.get(projectId)?.daily_quota_bytes ?? null;
  }

  async setDailyQuotaBytes(projectId: number, bytes: number | null): Promise<void> {
    this.#statements.setQuota.run(bytes, projectId);
  }

  async bytesReceivedSince(projectId: number, since: number): Promise<number> {
    return this.#statements.bytesSince.get(projectId, since)?.bytes ?? 0;
  }

  async usage(projectId: number, since: number): Promise<Usage> {
    const totals = this.#statements.usageTotals.get(projectId);
    return {
      days: this.#statements.usageDays.all(projectId, since),
      totalSessions: totals?.sessions ?? 0,
      storedBytes: totals?.bytes ?? 0,
    };
  }

  async setRetentionDays(projectId: number, days: number): Promise<void> {
    this.#statements.setRetention.run(days, projectId);
  }

  async deleteSessions(projectId: number, sessionIds: string[]): Promise<number> {
    const st = this.#statements;
    return this.#db.transaction(() => {
      let deleted = 0;
      for (const id of sessionIds) {
        for (const { blob_key } of st.chunkKeys.all(projectId, id)) st.queueBlob.run(blob_key);
        for (const statement of st.deleteRows) statement.run(projectId, id);
        deleted += st.deleteSession.run(projectId, id).changes;
      }
      return deleted;
    })();
  }

  async sessionIdsOfPerson(projectId: number, distinctId: string): Promise<string[]> {
    return this.#statements.personSessions.all(projectId, distinctId).map((r) => r.id);
  }

  async deletePerson(projectId: number, distinctId: string): Promise<boolean> {
    return this.#statements.deletePerson.run(projectId, distinctId).changes > 0;
  }

  async expiredSessionIds(projectId: number, before: number, limit: number): Promise<string[]> {
    return this.#statements.expired.all(projectId, before, limit).map((r) => r.id);
  }

  async listProjects(): Promise<Project[]> {
    return this.#statements.projects.all();
  }

  async pendingBlobDeletions(limit: number): Promise<string[]> {
    return this.#statements.pendingBlobs.all(limit).map((r) => r.blob_key);
  }

  async blobKeysReceivedSince(since: number): Promise<string[]> {
    return this.#statements.blobKeysSince.all(since).map((r) => r.blob_key);
  }

  async blobsDeleted(keys: string[]): Promise<void> {
    this.#db.transaction(() => {
      for (const key of keys) this.#statements.blobDone.run(key);
    })();
  }

  /** SQLite's own consistency check: empty when the database is sound. */
  integrityProblems(): string[] {
    const rows = this.#db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((row) => row.integrity_check).filter((line) => line !== 'ok');
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
