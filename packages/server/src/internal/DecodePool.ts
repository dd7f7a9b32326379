import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type DecodeOutcome, type DecodeTask, decodeChunk, decodeInline } from './decodeChunk.js';

interface Job {
  task: DecodeTask;
  resolve: (outcome: DecodeOutcome) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** The job it is decoding, by id. */
  busy: { id: number; job: Job } | null;
}

/** Built beside the bundle that holds this file; absent when running from source (tests). */
const WORKER = new URL('./decodeWorker.js', import.meta.url);

/** Threads by default: the cores, at most 4 (the event loop and the database need some). */
export const defaultDecodeThreads = () => Math.min(4, Math.max(1, availableParallelism()));

/**
 * Decodes large chunks on a few worker threads, so their gunzip and `JSON.parse` never
 * hold up the event loop (nor other clients' acknowledgements); a chunk that inflates to
 * less than `INLINE_TEXT_BYTES` is decoded on the loop, where it costs less than the hop. Waiting jobs are taken in
 * turn per owner (a client address), not in arrival order: an address sending many large
 * chunks waits behind itself, not others. With no threads — or no built worker, as when
 * running from source — it decodes on the event loop, as the same code.
 */
export class DecodePool {
  readonly #threads: Thread[] = [];
  /** Waiting jobs per owner; a Map keeps owners in the order they first waited. */
  readonly #waiting = new Map<string, Job[]>();
  readonly #workerUrl: URL;
  #nextId = 0;
  #closed = false;

  constructor(threads: number = defaultDecodeThreads(), workerUrl: URL = WORKER) {
    this.#workerUrl = workerUrl;
    if (threads > 0 && existsSync(fileURLToPath(workerUrl)))
      for (let i = 0; i < threads; i++) this.#threads.push(this.#spawn());
  }

  /** How many threads decode (0: on the event loop). */
  get threads(): number {
    return this.#threads.length;
  }

  async decode(task: DecodeTask, owner: string): Promise<DecodeOutcome> {
    if (this.#closed) throw new Error('The decode pool is closed.');
    // Most chunks are small: decoding one costs less than the trip to a thread and back.
    const inline = await decodeInline(task);
    if (inline) return inline;
    if (this.#threads.length === 0) return decodeChunk(task, 'pooled');
    return new Promise((resolve, reject) => {
      const queue = this.#waiting.get(owner);
      if (queue) queue.push({ task, resolve, reject });
      else this.#waiting.set(owner, [{ task, resolve, reject }]);
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const error = new Error('The server is closing.');
    for (const queue of this.#waiting.values()) for (const job of queue) job.reject(error);
    this.#waiting.clear();
    for (const thread of this.#threads) thread.busy?.job.reject(error);
    await Promise.all(this.#threads.splice(0).map((t) => t.worker.terminate()));
  }

  #dispatch(): void {
    for (const thread of this.#threads) {
      if (thread.busy) continue;
      const job = this.#take();
      if (!job) return;
      const id = this.#nextId++;
      thread.busy = { id, job };
      // A copy, handed over rather than cloned: a request body is often a view of a larger
      // buffer, and cloning a view copies all of it. The caller's bytes stay as they are.
      const body = new Uint8Array(job.task.body);
      thread.worker.postMessage({ id, task: { ...job.task, body } }, [body.buffer]);
    }
  }

  /** The next job of the owner waiting longest since its last turn. */
  #take(): Job | undefined {
    for (const [owner, queue] of this.#waiting) {
      const job = queue.shift();
      this.#waiting.delete(owner);
      // Back in line, at the end, if it has more.
      if (queue.length > 0) this.#waiting.set(owner, queue);
      if (job) return job;
    }
    return undefined;
  }

  #spawn(): Thread {
    const thread: Thread = { worker: new Worker(this.#workerUrl), busy: null };
    thread.worker.unref();
    thread.worker.on(
      'message',
      (message: { id: number; outcome?: DecodeOutcome; failure?: string }) => {
        const busy = thread.busy;
        if (!busy || busy.id !== message.id) return;
        thread.busy = null;
        if (message.outcome) busy.job.resolve(message.outcome);
        else busy.job.reject(new Error(`Decoding a chunk failed: ${message.failure}`));
        this.#dispatch();
      },
    );
    // A thread that dies (out of memory, a bug) fails its job and is replaced.
    thread.worker.once('error', (error) => this.#replace(thread, error));
    thread.worker.once('exit', (code) => this.#replace(thread, new Error(`exited with ${code}`)));
    return thread;
  }

  #replace(thread: Thread, cause: Error): void {
    const at = this.#threads.indexOf(thread);
    if (at < 0) return;
    thread.busy?.job.reject(new Error(`A decode thread stopped: ${cause.message}`));
    thread.busy = null;
    if (this.#closed) return;
    this.#threads[at] = this.#spawn();
    this.#dispatch();
  }
}
