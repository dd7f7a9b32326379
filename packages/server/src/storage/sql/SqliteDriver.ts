import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SQLITE } from './dialect.js';
import { MIGRATIONS } from './migrations.js';
import type { Param, Sql, SqlDriver } from './SqlDriver.js';
import { WalSync } from './WalSync.js';

/** Prepared statements kept; searches with other filters push the oldest out. */
const STATEMENT_CACHE = 400;

type Pending = { work: (tx: Sql) => Promise<unknown>; settle: (outcome: Outcome) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * The embedded database: one SQLite file, WAL mode, migrated by `user_version` when opened.
 * Statements run synchronously on the event loop; transactions take turns, and a statement
 * outside them waits for the open one to end. A write settles once its log frames are on
 * disk, fsynced off the event loop (`WalSync`), so the next turn need not wait for the disk.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = SQLITE;
  readonly #db: Database.Database;
  readonly #file: string;
  /** The file as opened: a file at the same path that is not this one is not our database. */
  readonly #identity: string;
  readonly #statements = new Map<string, Database.Statement<unknown[]>>();
  readonly #now: Sql;
  /** The transactions queued or open, and the last one's end. */
  #transactions = 0;
  #tail: Promise<unknown> = Promise.resolve();
  #group: Pending[] = [];
  readonly #wal: WalSync;

  constructor(file: string) {
    this.#db = new Database(file);
    this.#file = file;
    this.#identity = fileIdentity(file) ?? '';
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#wal = new WalSync(file);
    // A deleted session's rows are overwritten, not only unlinked (see `scrub`).
    this.#db.pragma('secure_delete = ON');
    this.#db.pragma('foreign_keys = ON');
    this.#db.pragma('busy_timeout = 5000');
    this.#migrate();
    // From here a commit does not wait for the disk on the event loop: WalSync does, after.
    this.#db.pragma('synchronous = NORMAL');
    const statement = (text: string, params: readonly Param[]) =>
      [this.#prepare(text), params.map((p) => (typeof p === 'boolean' ? Number(p) : p))] as const;
    this.#now = {
      all: async <R>(text: string, params: readonly Param[] = []) => {
        const [s, values] = statement(text, params);
        return s.all(...values) as R[];
      },
      one: async <R>(text: string, params: readonly Param[] = []) => {
        const [s, values] = statement(text, params);
        return s.get(...values) as R | undefined;
      },
      run: async (text: string, params: readonly Param[] = []) => {
        const [s, values] = statement(text, params);
        return s.run(...values).changes;
      },
    };
  }

  #migrate(): void {
    const version = this.#db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.#db.transaction(() => {
        this.#db.exec(MIGRATIONS[v]!(SQLITE.types, SQLITE.name));
        this.#db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  #prepare(text: string): Database.Statement<unknown[]> {
    let statement = this.#statements.get(text);
    if (statement) return statement;
    if (this.#statements.size >= STATEMENT_CACHE)
      this.#statements.delete(this.#statements.keys().next().value!);
    statement = this.#db.prepare(text);
    this.#statements.set(text, statement);
    return statement;
  }

  /** Runs `work` now, or after the transactions before it when there are any. */
  #outside<T>(work: () => Promise<T>): Promise<T> {
    return this.#transactions === 0 ? work() : this.#tail.then(work, work);
  }

  all<R>(text: string, params?: readonly Param[]): Promise<R[]> {
    return this.#durable(text, () => this.#now.all<R>(text, params));
  }

  one<R>(text: string, params?: readonly Param[]): Promise<R | undefined> {
    return this.#durable(text, () => this.#now.one<R>(text, params));
  }

  /** A statement outside a transaction; one that writes (`RETURNING`) waits for the log. */
  async #durable<T>(text: string, work: () => Promise<T>): Promise<T> {
    const result = await this.#outside(work);
    if (!this.#prepare(text).readonly) await this.#wal.sync();
    return result;
  }

  async run(text: string, params?: readonly Param[]): Promise<number> {
    const changes = await this.#outside(() => this.#now.run(text, params));
    if (changes > 0) await this.#wal.sync();
    return changes;
  }

  /** Fsyncs of the write-ahead log so far. */
  get walSyncs(): number {
    return this.#wal.syncs;
  }

  /** One process owns the file: there is nothing to lock against. */
  transaction<T>(work: (tx: Sql) => Promise<T>, _lock?: string): Promise<T> {
    this.#transactions++;
    const run = async () => {
      this.#db.exec('BEGIN');
      try {
        const result = await work(this.#now);
        this.#db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
        throw error;
      }
    };
    const done = this.#tail.then(run, run);
    this.#tail = done.then(
      () => this.#transactions--,
      () => this.#transactions--,
    );
    // The next transaction may begin while this one's frames go to the disk.
    return done.then(async (result) => {
      await this.#wal.sync();
      return result;
    });
  }

  /**
   * Chunks that arrive together are committed together: one transaction (and one fsync) for
   * every piece of work queued since the last commit, each in a savepoint so that one that
   * fails rolls back alone. Each promise settles once the commit is done.
   */
  groupTransaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = (o: Outcome) => (o.ok ? resolve(o.value as T) : reject(o.error));
      this.#group.push({ work, settle });
      if (this.#group.length === 1) setImmediate(() => this.#commitGroup());
    });
  }

  #commitGroup(): void {
    const batch = this.#group.splice(0);
    const outcomes = this.transaction(async (tx) => {
      const results: Outcome[] = [];
      for (const { work } of batch) {
        this.#db.exec('SAVEPOINT chunk');
        try {
          results.push({ ok: true, value: await work(tx) });
        } catch (error) {
          this.#db.exec('ROLLBACK TO chunk');
          results.push({ ok: false, error });
        }
        this.#db.exec('RELEASE chunk');
      }
      return results;
    });
    outcomes.then(
      (results) => {
        for (const [i, b] of batch.entries()) b.settle(results[i]!);
      },
      (error: unknown) => {
        for (const b of batch) b.settle({ ok: false, error });
      },
    );
  }

  async exclusive<T>(_name: string, work: () => Promise<T>): Promise<T> {
    return work();
  }

  /** Bounded before it gets here: no SQL a search runs calls back into JavaScript. */
  search<R>(text: string, params: readonly Param[]): Promise<R[]> {
    return this.#outside(() => this.#now.all<R>(text, params));
  }

  /** The WAL still holds pages as they were before a deletion: copied back, then cut. */
  scrub(): Promise<void> {
    return this.#outside(async () => {
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  async integrityProblems(): Promise<string[]> {
    const rows = this.#db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((row) => row.integrity_check).filter((line) => line !== 'ok');
  }

  /**
   * An open handle keeps working after its file is deleted or its volume is gone, so a
   * query alone would say all is well: the file must still be the one opened.
   */
  async ping(): Promise<void> {
    if (fileIdentity(this.#file) !== this.#identity)
      throw new Error(
        `the database file ${this.#file} is missing or was replaced: restore the data folder, then restart the server.`,
      );
    await this.one('SELECT 1 FROM projects LIMIT 1');
  }

  async close(): Promise<void> {
    await this.#tail;
    await this.#wal.close();
    this.#db.close();
  }
}

/** Device and inode of a file, or null when there is none at `path`. */
function fileIdentity(path: string): string | null {
  const found = statSync(path, { throwIfNoEntry: false });
  return found ? `${found.dev}:${found.ino}` : null;
}
