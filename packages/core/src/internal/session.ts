import { readJson, remove, writeJson } from './storage.js';
import { uuidv7 } from './uuidv7.js';

const SESSION_KEY = 'td_session';
const WINDOW_KEY = 'td_window';
/** Set while a page of this tab records; found on load, it means the tab was duplicated. */
const LIVE_KEY = 'td_window_live';
const MAX_SESSION_MS = 24 * 60 * 60 * 1000;

interface StoredSession {
  id: string;
  startedAt: number;
  lastActivity: number;
}

interface StoredWindow {
  id: string;
  sessionId: string;
  seq: number;
}

const local = () => window.localStorage;
const perTab = () => window.sessionStorage;

/**
 * Session and window ids. The session lives in localStorage (shared by the site's tabs) and
 * rotates after `idleMs` without activity or 24 h; the window id lives in sessionStorage (one
 * per tab), with the next chunk number, so chunks stay unique across page loads.
 */
export class Session {
  #session: StoredSession;
  #window: StoredWindow;
  readonly #idleMs: number;

  constructor(idleMs: number, now = Date.now()) {
    this.#idleMs = idleMs;
    const stored = readJson<StoredSession>(local, SESSION_KEY);
    this.#session = stored && !this.#expired(stored, now) ? stored : newSession(now);
    const win = readJson<StoredWindow>(perTab, WINDOW_KEY);
    const duplicated = readJson<boolean>(perTab, LIVE_KEY) === true;
    this.#window =
      win && !duplicated && win.sessionId === this.#session.id
        ? win
        : { id: win && !duplicated ? win.id : uuidv7(now), sessionId: this.#session.id, seq: 0 };
    this.#session.lastActivity = now;
    this.#save();
    writeJson(perTab, LIVE_KEY, true);
  }

  get sessionId(): string {
    return this.#session.id;
  }

  get windowId(): string {
    return this.#window.id;
  }

  /** When the session began (ms since epoch). */
  get startedAt(): number {
    return this.#session.startedAt;
  }

  /** True when activity at `now` must start a new session (idle too long, or too old). */
  isExpired(now: number): boolean {
    return this.#expired(this.#session, now);
  }

  /** Records activity at `now`. */
  touch(now: number): void {
    this.#session.lastActivity = now;
  }

  /**
   * Starts the next session, or joins it when another tab of this site already has;
   * `fresh` always starts a new one (after `reset()`).
   */
  rotate(now: number, fresh = false): void {
    const latest = fresh ? null : readJson<StoredSession>(local, SESSION_KEY);
    this.#session = latest && !this.#expired(latest, now) ? latest : newSession(now);
    this.#session.lastActivity = now;
    this.#window = { id: this.#window.id, sessionId: this.#session.id, seq: 0 };
    this.#save();
  }

  /** The number of the next chunk of this window; persisted at once. */
  nextSeq(): number {
    const seq = this.#window.seq;
    this.#window.seq = seq + 1;
    this.#save();
    return seq;
  }

  /** The page is going away (or into the back-forward cache). */
  release(): void {
    remove(perTab, LIVE_KEY);
  }

  /** The page came back from the back-forward cache. */
  resume(): void {
    writeJson(perTab, LIVE_KEY, true);
  }

  #expired(s: StoredSession, now: number): boolean {
    return now - s.lastActivity > this.#idleMs || now - s.startedAt > MAX_SESSION_MS;
  }

  #save(): void {
    writeJson(local, SESSION_KEY, this.#session);
    writeJson(perTab, WINDOW_KEY, this.#window);
  }
}

function newSession(now: number): StoredSession {
  return { id: uuidv7(now), startedAt: now, lastActivity: now };
}
