import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  type DecodeAnswer,
  type DecodeOutcome,
  type DecodeRequest,
  type DecodeTask,
  decodeChunk,
  decodeInline,
  INLINE_TEXT_BYTES,
  isGzip,
} from './decodeChunk.js';

interface Job {
  task: DecodeTask;
  /** Whose turn it takes when it waits (a client address). */
  owner: string;
  /** Inflates to less than `INLINE_TEXT_BYTES`, by what its body says. */
  small: boolean;
  resolve: (outcome: DecodeOutcome) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** The jobs handed to it and not answered yet, by id. */
  jobs: Map<number, Job>;
  /** Jobs to post at the end of this turn of the loop, in one message. */
  outbox: DecodeRequest[];
}

/**
 * Small chunks a thread holds at once (a few ms of work): the next is there as it finishes
 * one, so it never sleeps while chunks arrive, and the event loop decodes only what the
 * threads cannot take. Measured: at 4, the loop still decoded most chunks under load.
 */
const PER_THREAD = 16;

/** Built beside the bundle that holds this file; absent when running from source (tests). */
const WORKER = new URL('./decodeWorker.js', import.meta.url);

/** Threads by default: the cores, at most 4 (the event loop and the database need some). */
export const defaultDecodeThreads = () => Math.min(4, Math.max(1, availableParallelism()));

/**
 * A small chunk costs ~1.4× its CPU on a thread (waking it, moving the result back), which
 * pays only when a core is free for it: with 2 cores the loop and the threads share them,
 * and the loop decodes small chunks itself (measured: the same chunks/s, +15–40 % CPU).
 */
const defaultOffload = () => (availableParallelism() > 2 ? 0.8 : Number.POSITIVE_INFINITY);

/**
 * What a body inflates to, as it says: a gzip body's last 4 bytes (its size mod 2^32). A
 * body that lies only changes where it is decoded; the bounds are enforced there.
 */
function inflatedSize(body: Uint8Array): number {
  // 18 bytes: the smallest gzip, a 10-byte header and an 8-byte trailer.
  if (!isGzip(body) || body.length < 18) return body.length;
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  return view.getUint32(body.length - 4, true);
}

/**
 * Decodes chunks on a few worker threads, so that gunzip and `JSON.parse` neither hold up
 * the event loop (nor other clients' acknowledgements) nor leave the other cores idle.
 * - A large chunk (one that inflates past `INLINE_TEXT_BYTES`) waits for a thread of its
 *   own. Waiting ones are taken in turn per owner (a client address), not in arrival
 *   order: an address sending many waits behind itself, not others.
 * - A small one is decoded on the loop at once, where it costs least (waking a thread and
 *   hearing back costs about as much as decoding it). Only while the loop is busy past
 *   `offloadAbove` of its time does it go to a thread with room (up to `PER_THREAD`, none
 *   of them large, and no large one waiting): the threads take what the loop cannot.
 * With no threads — or no built worker, as when running from source — it all happens on
 * the event loop, as the same code.
 */
export class DecodePool {
  readonly #threads: Thread[] = [];
  /** Waiting large jobs per owner; a Map keeps owners in the order they first waited. */
  readonly #waiting = new Map<string, Job[]>();
  readonly #workerUrl: URL;
  #nextId = 0;
  #closed = false;

  /** The event loop's busy share over the last 100 ms. */
  #loopBusy = 0;
  readonly #offloadAbove: number;
  #clock: NodeJS.Timeout | undefined;

  /** `offloadAbove`: the loop's busy share past which small chunks go to threads (0: all). */
  constructor(
    threads: number = defaultDecodeThreads(),
    workerUrl: URL = WORKER,
    offloadAbove = defaultOffload(),
  ) {
    this.#workerUrl = workerUrl;
    this.#offloadAbove = offloadAbove;
    if (threads > 0 && offloadAbove > 0 && offloadAbove <= 1) {
      let last = performance.eventLoopUtilization();
      this.#clock = setInterval(() => {
        const now = performance.eventLoopUtilization();
        this.#loopBusy = performance.eventLoopUtilization(now, last).utilization;
        last = now;
      }, 100).unref();
    }
    if (threads > 0 && existsSync(fileURLToPath(workerUrl)))
      for (let i = 0; i < threads; i++) this.#threads.push(this.#spawn());
  }

  /** How many threads decode (0: on the event loop). */
  get threads(): number {
    return this.#threads.length;
  }

  async decode(task: DecodeTask, owner: string): Promise<DecodeOutcome> {
    if (this.#closed) throw new Error('The decode pool is closed.');
    if (inflatedSize(task.body) < INLINE_TEXT_BYTES) {
      const offload = this.#loopBusy >= this.#offloadAbove && this.#waiting.size === 0;
      const room = offload ? this.#roomForSmall() : undefined;
      if (room)
        return new Promise((resolve, reject) =>
          this.#send(room, { task, owner, small: true, resolve, reject }),
        );
      // A body that said it was small and inflates past the bound waits as a large one.
      const inline = await decodeInline(task);
      if (inline) return inline;
    }
    if (this.#threads.length === 0) return decodeChunk(task, 'pooled');
    return new Promise((resolve, reject) =>
      this.#wait({ task, owner, small: false, resolve, reject }),
    );
  }

  #wait(job: Job): void {
    const queue = this.#waiting.get(job.owner);
    if (queue) queue.push(job);
    else this.#waiting.set(job.owner, [job]);
    this.#dispatch();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#clock);
    const error = new Error('The server is closing.');
    for (const queue of this.#waiting.values()) for (const job of queue) job.reject(error);
    this.#waiting.clear();
    for (const thread of this.#threads) for (const job of thread.jobs.values()) job.reject(error);
    await Promise.all(this.#threads.splice(0).map((t) => t.worker.terminate()));
  }

  /** The least busy thread that may take a small job. */
  #roomForSmall(): Thread | undefined {
    let best: Thread | undefined;
    for (const thread of this.#threads) {
      if (thread.jobs.size >= PER_THREAD) continue;
      if ([...thread.jobs.values()].some((job) => !job.small)) continue;
      if (!best || thread.jobs.size < best.jobs.size) best = thread;
    }
    return best;
  }

  /** Hands waiting large jobs to idle threads. */
  #dispatch(): void {
    for (const thread of this.#threads) {
      if (thread.jobs.size > 0) continue;
      const job = this.#take();
      if (!job) return;
      this.#send(thread, job);
    }
  }

  /**
   * Jobs given to a thread in one turn of the loop go in one message, and it answers them
   * in one: waking a thread costs more than decoding a small chunk.
   */
  #send(thread: Thread, job: Job): void {
    const id = this.#nextId++;
    thread.jobs.set(id, job);
    // A copy, handed over rather than cloned: a request body is often a view of a larger
    // buffer, and cloning a view copies all of it. The caller's bytes stay as they are.
    const body = new Uint8Array(job.task.body);
    thread.outbox.push({ id, small: job.small, task: { ...job.task, body } });
    if (thread.outbox.length > 1) return;
    setImmediate(() => {
      const batch = thread.outbox.splice(0);
      if (batch.length === 0) return;
      const bodies = batch.map(({ task }) => task.body.buffer as ArrayBuffer);
      thread.worker.postMessage(batch, bodies);
    });
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
    const worker = new Worker(this.#workerUrl);
    const thread: Thread = { worker, jobs: new Map(), outbox: [] };
    worker.unref();
    worker.on('message', (answers: DecodeAnswer[]) => {
      for (const { id, outcome, failure } of answers) {
        const job = thread.jobs.get(id);
        if (!job) continue;
        thread.jobs.delete(id);
        // It said it was small and is not: it waits its turn as a large one.
        if (outcome === 'large') this.#wait({ ...job, small: false });
        else if (outcome) job.resolve(outcome);
        else job.reject(new Error(`Decoding a chunk failed: ${failure}`));
      }
      this.#dispatch();
    });
    // A thread that dies (out of memory, a bug) fails its job and is replaced.
    thread.worker.once('error', (error) => this.#replace(thread, error));
    thread.worker.once('exit', (code) => this.#replace(thread, new Error(`exited with ${code}`)));
    return thread;
  }

  #replace(thread: Thread, cause: Error): void {
    const at = this.#threads.indexOf(thread);
    if (at < 0) return;
    for (const job of thread.jobs.values())
      job.reject(new Error(`A decode thread stopped: ${cause.message}`));
    thread.jobs.clear();
    thread.outbox.length = 0;
    if (this.#closed) return;
    this.#threads[at] = this.#spawn();
    this.#dispatch();
  }
}
