import pg from 'pg';
import { HttpError } from '../../internal/HttpError.js';
import { POSTGRES } from './dialect.js';
import { LEGACY_POSTGRES_VERSIONS, MIGRATIONS } from './migrations.js';
import type { Param, Sql, SqlDriver } from './SqlDriver.js';

// BIGINT (ms timestamps, byte counts), COUNT(*) and SUM as numbers: they stay far below 2^53.
// JSON as its text, as SQLite gives it, so the stores read both the same way.
const NUMBERS = new Set([20, 1700]);
const TEXT = new Set([114, 3802]);
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    NUMBERS.has(oid)
      ? Number
      : TEXT.has(oid)
        ? (text: string) => text
        : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** `?` placeholders become `$1`, `$2`, …; text cannot hold NUL characters, so they are dropped. */
const statement = (text: string, params: readonly Param[]) => {
  let n = 0;
  return [
    text.replace(/\?/g, () => `$${++n}`),
    params.map((p) => (typeof p === 'string' ? p.replaceAll('\0', '') : p)),
  ] as const;
};

const over = (client: pg.Pool | pg.PoolClient): Sql => ({
  all: async <R>(text: string, params: readonly Param[] = []) =>
    (await client.query(...statement(text, params))).rows as R[],
  one: async <R>(text: string, params: readonly Param[] = []) =>
    (await client.query(...statement(text, params))).rows[0] as R | undefined,
  run: async (text: string, params: readonly Param[] = []) =>
    (await client.query(...statement(text, params))).rowCount ?? 0,
});

/**
 * PostgreSQL, for several server replicas: a pool of connections, every transaction on one,
 * advisory locks for what one replica should do at a time, and a time bound on searches.
 */
export class PostgresDriver implements SqlDriver {
  readonly dialect = POSTGRES;
  readonly #pool: pg.Pool;
  readonly #sql: Sql;
  readonly #queryTimeoutMs: number;

  private constructor(pool: pg.Pool, queryTimeoutMs: number) {
    this.#pool = pool;
    this.#sql = over(pool);
    this.#queryTimeoutMs = queryTimeoutMs;
  }

  /** Connects and brings the schema up to date (one replica at a time). */
  static async open(connectionString: string, queryTimeoutMs = 10_000): Promise<PostgresDriver> {
    const pool = new pg.Pool({ connectionString, max: 10, types });
    // An idle connection the database drops (a restart, a failover) is an error event on the
    // pool: unheard, it would end the process. The pool discards it and connects anew.
    pool.on('error', () => {});
    const driver = new PostgresDriver(pool, queryTimeoutMs);
    await driver.transaction(migrate, 'migrate');
    return driver;
  }

  all<R>(text: string, params?: readonly Param[]): Promise<R[]> {
    return this.#sql.all<R>(text, params);
  }

  one<R>(text: string, params?: readonly Param[]): Promise<R | undefined> {
    return this.#sql.one<R>(text, params);
  }

  run(text: string, params?: readonly Param[]): Promise<number> {
    return this.#sql.run(text, params);
  }

  async transaction<T>(work: (tx: Sql) => Promise<T>, lock?: string): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const tx = over(client);
      if (lock) await tx.run('SELECT pg_advisory_xact_lock(hashtext(?))', [`tapedeck:${lock}`]);
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** Each on a connection of its own: the pool runs them side by side. */
  groupTransaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.transaction(work);
  }

  async exclusive<T>(name: string, work: () => Promise<T>): Promise<T | null> {
    const client = await this.#pool.connect();
    const lock = [`tapedeck:${name}`];
    try {
      const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', lock);
      if (!rows[0]?.ok) return null;
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', lock);
      }
    } finally {
      client.release();
    }
  }

  async search<R>(text: string, params: readonly Param[]): Promise<R[]> {
    try {
      // A search is bounded in time: a huge filter stops here (no regex runs in PostgreSQL).
      return await this.transaction(async (tx) => {
        await tx.run(`SET LOCAL statement_timeout = ${Math.round(this.#queryTimeoutMs)}`);
        return tx.all<R>(text, params);
      });
    } catch (error) {
      if ((error as { code?: string }).code === '57014')
        throw new HttpError(
          400,
          `filter: the search took longer than ${this.#queryTimeoutMs} ms and was stopped: narrow the filter (a date range, fewer conditions).`,
        );
      throw error;
    }
  }

  /** PostgreSQL reclaims deleted rows' space itself (autovacuum); nothing to do here. */
  async scrub(): Promise<void> {}

  /** PostgreSQL checks as it writes; `tapedeck check` compares the rows with the blobs. */
  async integrityProblems(): Promise<string[]> {
    return [];
  }

  async ping(): Promise<void> {
    await this.#sql.one('SELECT 1');
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** Runs the migrations this database has not run, under the driver's `migrate` lock. */
async function migrate(sql: Sql): Promise<void> {
  await sql.run('CREATE TABLE IF NOT EXISTS tapedeck_schema_version (version INTEGER NOT NULL)');
  let row = await sql.one<{ version: number }>('SELECT version FROM tapedeck_schema_version');
  if (!row) {
    // A database from before the one migration list: its count, in this list's terms.
    const legacy = await sql.one<{ found: string | null }>(
      "SELECT to_regclass('schema_version')::text AS found",
    );
    const old = legacy?.found
      ? await sql.one<{ version: number }>('SELECT version FROM schema_version')
      : undefined;
    const version = LEGACY_POSTGRES_VERSIONS[old?.version ?? 0];
    if (version === undefined)
      throw new Error(
        `The database's schema_version (${old?.version}) is newer than this server knows: run the newer server.`,
      );
    if (legacy?.found) await sql.run('DROP TABLE schema_version');
    await sql.run('INSERT INTO tapedeck_schema_version VALUES (?)', [version]);
    row = { version };
  }
  if (row.version > MIGRATIONS.length)
    throw new Error(
      `The database's schema is version ${row.version}, newer than this server's ${MIGRATIONS.length}: run the newer server.`,
    );
  for (let v = row.version; v < MIGRATIONS.length; v++)
    await sql.run(MIGRATIONS[v]!(POSTGRES.types, POSTGRES.name));
  await sql.run('UPDATE tapedeck_schema_version SET version = ?', [MIGRATIONS.length]);
}
