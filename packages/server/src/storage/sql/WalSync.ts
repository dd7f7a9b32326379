import { type FileHandle, open } from 'node:fs/promises';

/**
 * Makes SQLite's write-ahead log durable off the event loop. The database runs with
 * `synchronous = NORMAL`, so a commit writes its frames to the log without waiting for the
 * disk; `sync()` then fdatasyncs the log on libuv's thread pool and settles once every
 * frame written before the call is on disk. Calls made while a sync runs share the next
 * one: a busy server pays one fsync per round, not one per commit.
 */
export class WalSync {
  readonly #path: string;
  #file: Promise<FileHandle> | null = null;
  /** The sync on the disk now, and the one that waits to start after it. */
  #running: Promise<void> | null = null;
  #next: Promise<void> | null = null;
  syncs = 0;

  constructor(databaseFile: string) {
    this.#path = `${databaseFile}-wal`;
  }

  sync(): Promise<void> {
    if (!this.#running) return this.#start();
    // The running sync may have begun before this caller's frames were written.
    this.#next ??= this.#running.then(
      () => this.#start(),
      () => this.#start(),
    );
    return this.#next;
  }

  #start(): Promise<void> {
    this.#next = null;
    const run = (async () => {
      this.#file ??= open(this.#path, 'r+');
      const file = await this.#file.catch((error: unknown) => {
        this.#file = null;
        throw error;
      });
      await file.datasync();
      this.syncs += 1;
    })();
    this.#running = run;
    const clear = () => {
      if (this.#running === run) this.#running = null;
    };
    run.then(clear, clear);
    return run;
  }

  /** Waits for the syncs under way, then lets the log file go (SQLite removes it on close). */
  async close(): Promise<void> {
    await this.#next?.catch(() => {});
    await this.#running?.catch(() => {});
    const file = await this.#file?.catch(() => null);
    this.#file = null;
    await file?.close();
  }
}
