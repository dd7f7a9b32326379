import type { Dialect } from './dialect.js';

export type Param = string | number | boolean | null;

/**
 * Statements, written once for both databases: `?` placeholders, JSON columns read as text,
 * BIGINT and COUNT(*) read as numbers.
 */
export interface Sql {
  /** The rows of a query, or of a write with `RETURNING`. */
  all<R>(text: string, params?: readonly Param[]): Promise<R[]>;
  one<R>(text: string, params?: readonly Param[]): Promise<R | undefined>;
  /** A write; how many rows it changed. */
  run(text: string, params?: readonly Param[]): Promise<number>;
}

/**
 * What the SQL stores need from a database: SQLite (embedded, one process) or PostgreSQL
 * (several replicas). Each driver brings the schema up to date from the one migration list
 * before it is handed out.
 */
export interface SqlDriver extends Sql {
  readonly dialect: Dialect;
  /**
   * Runs `work` in one transaction, with `lock` (a name) held against other replicas until
   * it ends. `work` must use the `tx` it is given, never the driver.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>, lock?: string): Promise<T>;
  /**
   * A transaction that may commit together with others started in the same turn of the
   * event loop (SQLite: one fsync for all of them); a failing one rolls back alone.
   */
  groupTransaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** Runs `work` unless another process is running the job called `name`; then null. */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T | null>;
  /**
   * A session search, bounded: a hostile filter (many conditions) ends in a 400 that says
   * how to narrow it, never in a stalled event loop or database. URL regexes never get here:
   * the server runs them on the URLs the index leaves, within a budget (see `matchingUrls`).
   */
  search<R>(text: string, params: readonly Param[]): Promise<R[]>;
  /**
   * Leaves no copy of deleted rows in the database's files, where the database allows
   * (SQLite: deleted content is zeroed as it goes, and the WAL is checkpointed and cut).
   */
  scrub(): Promise<void>;
  /** The database's own consistency check: empty when it is sound. */
  integrityProblems(): Promise<string[]>;
  /** A cheap query that throws when the database cannot be used now (for readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
