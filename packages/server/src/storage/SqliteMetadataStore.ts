import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type {
  ChunkKey,
  ChunkRef,
  ChunkSummary,
  MetadataStore,
  Project,
  RecordingSettings,
  SessionPage,
  SessionSummary,
} from './MetadataStore.js';

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
];

interface SessionRow {
  id: string;
  distinct_id: string | null;
  start_time: number;
  end_time: number;
  first_url: string | null;
  event_count: number;
  pageview_count: number;
  click_count: number;
  keypress_count: number;
  chunk_count: number;
  size_bytes: number;
  sdk_name: string;
  sdk_version: string;
  user_agent: string | null;
}

const toSummary = (row: SessionRow): SessionSummary => ({
  id: row.id,
  distinctId: row.distinct_id,
  startTime: row.start_time,
  endTime: row.end_time,
  durationMs: row.end_time - row.start_time,
  firstUrl: row.first_url,
  eventCount: row.event_count,
  pageviewCount: row.pageview_count,
  clickCount: row.click_count,
  keypressCount: row.keypress_count,
  chunkCount: row.chunk_count,
  sizeBytes: row.size_bytes,
  sdk: { name: row.sdk_name, version: row.sdk_version },
  userAgent: row.user_agent,
});

const encodeCursor = (row: SessionRow) =>
  Buffer.from(`${row.start_time}:${row.id}`).toString('base64url');

function decodeCursor(cursor: string): { start: number; id: string } {
  const [start, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  const value = Number(start);
  if (!id || !Number.isSafeInteger(value)) throw new RangeError('cursor is not one this API gave');
  return { start: value, id };
}

/** The embedded metadata store: one SQLite file, WAL mode, fully synchronous commits. */
export class SqliteMetadataStore implements MetadataStore {
  readonly #db: Database.Database;
  readonly #statements;

  constructor(file: string) {
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('foreign_keys = ON');
    this.#db.pragma('busy_timeout = 5000');
    this.#migrate();
    const db = this.#db;
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
           size_bytes, sdk_name, sdk_version, user_agent, updated_at)
         VALUES (@projectId, @sessionId, @distinctId, @firstTimestamp, @lastTimestamp, @firstUrl,
           @firstUrlTs, @eventCount, @pageviewCount, @clickCount, @keypressCount, 1,
           @sizeBytes, @sdkName, @sdkVersion, @userAgent, @now)
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
           updated_at = excluded.updated_at`,
      ),
      listFirst: db.prepare<[number, number], SessionRow>(
        `SELECT * FROM sessions WHERE project_id = ?
         ORDER BY start_time DESC, id DESC LIMIT ?`,
      ),
      listAfter: db.prepare<[number, number, number, string, number], SessionRow>(
        `SELECT * FROM sessions WHERE project_id = ? AND (start_time < ? OR (start_time = ? AND id < ?))
         ORDER BY start_time DESC, id DESC LIMIT ?`,
      ),
      getSession: db.prepare<[number, string], SessionRow>(
        'SELECT * FROM sessions WHERE project_id = ? AND id = ?',
      ),
      listChunks: db.prepare<
        [number, string],
        { windowId: string; seq: number; blobKey: string; firstTimestamp: number }
      >(
        `SELECT window_id AS windowId, seq, blob_key AS blobKey, first_ts AS firstTimestamp
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

  async hasChunk(key: ChunkKey): Promise<boolean> {
    const { projectId, sessionId, windowId, seq } = key;
    return this.#statements.hasChunk.get(projectId, sessionId, windowId, seq) !== undefined;
  }

  async addChunk(key: ChunkKey, summary: ChunkSummary): Promise<boolean> {
    const params = {
      ...key,
      ...summary,
      firstUrl: summary.firstUrl?.href ?? null,
      firstUrlTs: summary.firstUrl?.timestamp ?? null,
      now: Date.now(),
    };
    return this.#db.transaction(() => {
      if (this.#statements.insertChunk.run(params).changes === 0) return false;
      this.#statements.upsertSession.run(params);
      return true;
    })();
  }

  async listSessions(
    projectId: number,
    options: { limit: number; cursor?: string },
  ): Promise<SessionPage> {
    const { limit, cursor } = options;
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = after
      ? this.#statements.listAfter.all(projectId, after.start, after.start, after.id, limit + 1)
      : this.#statements.listFirst.all(projectId, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      sessions: page.map(toSummary),
      next: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  async getSession(projectId: number, sessionId: string): Promise<SessionSummary | null> {
    const row = this.#statements.getSession.get(projectId, sessionId);
    return row ? toSummary(row) : null;
  }

  async listChunks(projectId: number, sessionId: string): Promise<ChunkRef[]> {
    return this.#statements.listChunks.all(projectId, sessionId);
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
