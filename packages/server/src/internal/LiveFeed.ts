import { HttpError } from './HttpError.js';

/** How many watchers there may be, and how long one lasts. */
export interface LiveLimits {
  /** Open watches per API key (or client address). Default 10. */
  perKey: number;
  /** Open watches in this server process. Default 200. */
  perServer: number;
  /** A watch ends when no chunk has come for this long (ms). Default 5 minutes. */
  idleMs: number;
  /**
   * A watcher also reads the index this often (ms), for chunks stored by another replica
   * (notices do not cross processes). Default 5 s.
   */
  pollMs: number;
  /** An empty line this often (ms) keeps proxies from closing a quiet stream. Default 15 s. */
  heartbeatMs: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  perKey: 10,
  perServer: 200,
  idleMs: 5 * 60_000,
  pollMs: 5_000,
  heartbeatMs: 15_000,
};

/** One open watch of a session: wakes when a chunk of it is stored in this process. */
export interface Watch {
  /** Resolves true on a new chunk (perhaps one stored since the last wait), false after `ms`. */
  wait(ms: number): Promise<boolean>;
  /** True once the client left or the server is closing. */
  readonly closed: boolean;
  close(): void;
}

type Entry = { dirty: boolean; wake: (() => void) | null; closed: boolean; end: () => void };

/**
 * Tells the watchers of a session, in this process, that a chunk of it was stored: ingestion
 * calls `notify`, each open `GET …/snapshots?follow=true` holds a `Watch`. Watches are counted
 * per key and per server, and all end when the server closes.
 */
export class LiveFeed {
  readonly limits: LiveLimits;
  readonly #bySession = new Map<string, Set<Entry>>();
  readonly #perKey = new Map<string, number>();
  #open = 0;

  constructor(limits: Partial<LiveLimits> = {}) {
    this.limits = { ...DEFAULT_LIVE_LIMITS, ...limits };
  }

  /** Open watches in this process. */
  get watching(): number {
    return this.#open;
  }

  notify(projectId: number, sessionId: string): void {
    for (const entry of this.#bySession.get(`${projectId}/${sessionId}`) ?? []) {
      entry.dirty = true;
      entry.wake?.();
    }
  }

  /** A watch of the session for `key`; a 429 when the key or the server has too many. */
  watch(projectId: number, sessionId: string, key: string): Watch {
    const { perKey, perServer } = this.limits;
    const mine = this.#perKey.get(key) ?? 0;
    if (mine >= perKey)
      throw new HttpError(
        429,
        `This key already watches ${perKey} live sessions: close one (or its tab) and retry.`,
        { 'Retry-After': '10' },
      );
    if (this.#open >= perServer)
      throw new HttpError(
        429,
        `The server already serves ${perServer} live watchers: retry later, or open the recording without following it.`,
        { 'Retry-After': '30' },
      );
    const session = `${projectId}/${sessionId}`;
    const set = this.#bySession.get(session) ?? new Set<Entry>();
    this.#bySession.set(session, set);
    this.#perKey.set(key, mine + 1);
    this.#open += 1;
    const entry: Entry = {
      dirty: false,
      wake: null,
      closed: false,
      end: () => {
        if (entry.closed) return;
        entry.closed = true;
        entry.wake?.();
        set.delete(entry);
        if (set.size === 0) this.#bySession.delete(session);
        const left = (this.#perKey.get(key) ?? 1) - 1;
        if (left > 0) this.#perKey.set(key, left);
        else this.#perKey.delete(key);
        this.#open -= 1;
      },
    };
    set.add(entry);
    return {
      wait: (ms) =>
        new Promise<boolean>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            entry.wake = null;
            const woke = entry.dirty;
            entry.dirty = false;
            resolve(woke);
          };
          const timer = setTimeout(done, entry.dirty || entry.closed ? 0 : ms);
          entry.wake = done;
        }),
      get closed() {
        return entry.closed;
      },
      close: entry.end,
    };
  }

  /** Ends every watch (the server is closing): each stream sends what it has and ends. */
  closeAll(): void {
    for (const set of [...this.#bySession.values()]) for (const entry of [...set]) entry.end();
  }
}
