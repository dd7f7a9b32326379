import { randomBytes } from 'node:crypto';
import type {
  ApiKey,
  OperationalStats,
  Project,
  RecordingSettings,
  Usage,
} from '../MetadataStore.js';
import { type KeyRow, toKey } from '../sessionRows.js';
import { fromJson, toJson } from './json.js';
import type { Param, SqlDriver } from './SqlDriver.js';

const PROJECT = 'SELECT id, name, token FROM projects';

/**
 * Projects, their settings and API keys, in SQL: the part of the metadata store that is
 * about a project rather than its sessions (see `SqlMetadataStore`).
 */
export class SqlProjectStore {
  protected readonly db: SqlDriver;

  constructor(driver: SqlDriver) {
    this.db = driver;
  }

  /** Which database this is: `sqlite` keeps everything in one process. */
  get database(): SqlDriver['dialect']['name'] {
    return this.db.dialect.name;
  }

  /** Runs `work` unless another server process is running the same job; then null. */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T | null> {
    return this.db.exclusive(name, work);
  }

  /** The database's own consistency check: empty when it is sound. */
  integrityProblems(): Promise<string[]> {
    return this.db.integrityProblems();
  }

  ping(): Promise<void> {
    return this.db.ping();
  }

  /** Whole-installation counts for metrics: a few aggregate queries, to be read seldom. */
  async operationalStats(idleBefore: number): Promise<OperationalStats> {
    const count = async (sql: string, params: number[] = []) =>
      (await this.db.one<{ n: number | null }>(sql, params))?.n ?? 0;
    return {
      sessions: await count('SELECT COUNT(*) AS n FROM sessions'),
      storedBytes: await count('SELECT SUM(size_bytes) AS n FROM sessions'),
      pendingBlobDeletions: await count('SELECT COUNT(*) AS n FROM blob_deletions'),
      pendingErasures: await count('SELECT COUNT(*) AS n FROM blob_erasures'),
      sessionsToCompact: await count(
        'SELECT COUNT(*) AS n FROM sessions WHERE compacted_at IS NULL AND updated_at < ?',
        [idleBefore],
      ),
    };
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /**
   * Takes one ingestion token from the project's bucket, shared by every replica: 0 when
   * allowed, else the seconds to wait.
   */
  async takeToken(projectId: number, perSecond: number, burst: number): Promise<number> {
    const { least, greatest } = this.db.dialect;
    const rate = 'CAST(? AS DOUBLE PRECISION)';
    const refill = `${least}(${rate}, r.tokens + ${greatest}(0, excluded.updated_at - r.updated_at) / 1000.0 * ${rate})`;
    const row = await this.db.one<{ tokens: number; taken: boolean | number }>(
      `INSERT INTO rate_limits AS r (project_id, tokens, taken, updated_at)
       VALUES (?, ${rate} - 1, TRUE, ?)
       ON CONFLICT (project_id) DO UPDATE SET
         tokens = ${refill} - CASE WHEN ${refill} >= 1 THEN 1 ELSE 0 END,
         taken = ${refill} >= 1,
         updated_at = excluded.updated_at
       RETURNING tokens, taken`,
      [projectId, burst, Date.now(), ...Array(3).fill([burst, perSecond]).flat()],
    );
    if (!row || row.taken) return 0;
    return Math.max(1, Math.ceil((1 - row.tokens) / perSecond));
  }

  async ensureDefaultProject(token?: string): Promise<Project> {
    // Replicas starting together on an empty database: one at a time makes the project.
    return this.db.transaction(async (tx) => {
      const first = () => tx.one<Project>(`${PROJECT} ORDER BY id LIMIT 1`);
      const existing = await first();
      if (existing) {
        if (token && token !== existing.token)
          await tx.run('UPDATE projects SET token = ? WHERE id = ?', [token, existing.id]);
        return token ? { ...existing, token } : existing;
      }
      const fresh = token ?? `td_${randomBytes(18).toString('base64url')}`;
      await tx.run('INSERT INTO projects (name, token, created_at) VALUES (?, ?, ?)', [
        'Default project',
        fresh,
        Date.now(),
      ]);
      return (await first())!;
    }, 'project');
  }

  async projectByToken(token: string): Promise<Project | null> {
    return (await this.db.one<Project>(`${PROJECT} WHERE token = ?`, [token])) ?? null;
  }

  async listProjects(): Promise<Project[]> {
    return this.db.all<Project>(`${PROJECT} ORDER BY id`);
  }

  async #project<K extends string, V>(column: K, projectId: number): Promise<V | undefined> {
    const row = await this.db.one<Record<K, V>>(`SELECT ${column} FROM projects WHERE id = ?`, [
      projectId,
    ]);
    return row?.[column];
  }

  async #setProject(column: string, projectId: number, value: Param): Promise<void> {
    await this.db.run(`UPDATE projects SET ${column} = ? WHERE id = ?`, [value, projectId]);
  }

  async getRecordingSettings(projectId: number): Promise<RecordingSettings> {
    const text = await this.#project<'recording_settings', string>('recording_settings', projectId);
    return text ? fromJson<RecordingSettings>(text) : {};
  }

  async setRecordingSettings(projectId: number, settings: RecordingSettings): Promise<void> {
    await this.#setProject('recording_settings', projectId, toJson(settings));
  }

  async getRetentionDays(projectId: number): Promise<number> {
    return (await this.#project<'retention_days', number>('retention_days', projectId)) ?? 30;
  }

  async setRetentionDays(projectId: number, days: number): Promise<void> {
    await this.#setProject('retention_days', projectId, days);
  }

  async getDailyQuotaBytes(projectId: number): Promise<number | null> {
    return (
      (await this.#project<'daily_quota_bytes', number>('daily_quota_bytes', projectId)) ?? null
    );
  }

  async setDailyQuotaBytes(projectId: number, bytes: number | null): Promise<void> {
    await this.#setProject('daily_quota_bytes', projectId, bytes);
  }

  async bytesReceivedSince(projectId: number, since: number): Promise<number> {
    const row = await this.db.one<{ bytes: number | null }>(
      'SELECT SUM(size_bytes) AS bytes FROM chunks WHERE project_id = ? AND received_at >= ?',
      [projectId, since],
    );
    return row?.bytes ?? 0;
  }

  async usage(projectId: number, since: number): Promise<Usage> {
    const days = await this.db.all<{ day: string; sessions: number; bytes: number }>(
      `SELECT ${this.db.dialect.utcDay('start_time')} AS day, COUNT(*) AS sessions,
         SUM(size_bytes) AS bytes
       FROM sessions WHERE project_id = ? AND start_time >= ? GROUP BY day ORDER BY day`,
      [projectId, since],
    );
    const totals = await this.db.one<{ sessions: number; bytes: number | null }>(
      'SELECT COUNT(*) AS sessions, SUM(size_bytes) AS bytes FROM sessions WHERE project_id = ?',
      [projectId],
    );
    return { days, totalSessions: totals?.sessions ?? 0, storedBytes: totals?.bytes ?? 0 };
  }

  async addApiKey(
    projectId: number,
    key: { name: string; role: ApiKey['role']; hash: string; prefix: string },
  ): Promise<ApiKey> {
    const row = await this.db.one<KeyRow>(
      `INSERT INTO api_keys (project_id, name, role, key_hash, prefix, created_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
      [projectId, key.name, key.role, key.hash, key.prefix, Date.now()],
    );
    return toKey(row!);
  }

  async findApiKey(hash: string): Promise<(ApiKey & { projectId: number; hash: string }) | null> {
    const row = await this.db.one<KeyRow>('SELECT * FROM api_keys WHERE key_hash = ?', [hash]);
    if (!row) return null;
    const now = Date.now();
    // Written at most once a minute, so reading the API does not write on every request.
    if (!row.last_used_at || now - row.last_used_at > 60_000)
      await this.db.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [now, row.id]);
    return { ...toKey(row), projectId: row.project_id, hash: row.key_hash };
  }

  async listApiKeys(projectId: number): Promise<ApiKey[]> {
    const rows = await this.db.all<KeyRow>(
      'SELECT * FROM api_keys WHERE project_id = ? ORDER BY id',
      [projectId],
    );
    return rows.map(toKey);
  }

  async deleteApiKey(projectId: number, id: number): Promise<boolean> {
    return (
      (await this.db.run('DELETE FROM api_keys WHERE project_id = ? AND id = ?', [projectId, id])) >
      0
    );
  }
}
