import { isIPv6 } from 'node:net';
import { HttpError } from './HttpError.js';
import { type IngestLimiter, RateLimiter } from './RateLimiter.js';
import { type Budget, TokenBuckets } from './TokenBuckets.js';

/** What a project, one of its sessions and one client address may send, in chunks. */
export interface Budgets extends Budget {
  perSession: Budget;
  perClient: Budget;
}

export const DEFAULT_BUDGETS: Budgets = {
  perSecond: 1000,
  // A recorder sends a chunk every few seconds; a queue flushed after a blip, a few dozen.
  perSession: { perSecond: 10, burst: 100 },
  // Many visitors may share an address (offices, carrier NAT); still a fifth of the project.
  perClient: { perSecond: 200, burst: 1000 },
};

const CHARGE_UNIT = 16 * 1024;

/** IPv6 clients by their /64: one host can hold a whole /64 of addresses. */
const clientKey = (ip: string) =>
  isIPv6(ip) && !ip.startsWith('::ffff:') ? ip.split(':').slice(0, 4).join(':') : ip;

const tooMany = (message: string, wait: number, limit: string) =>
  new HttpError(429, message, { 'Retry-After': String(wait), 'X-Tapedeck-Limit': limit });

/**
 * The ingestion budgets: per client address (checked before the body is read), then per
 * session and per project. A refused request spends nothing of the wider budgets, so one
 * flooding session or address cannot use up its project's share.
 */
export class FairShare {
  readonly #clients: TokenBuckets;
  readonly #sessions: TokenBuckets;
  readonly #project: IngestLimiter;

  constructor(given: Partial<Budgets>, projectLimiter?: IngestLimiter) {
    const budgets = { ...DEFAULT_BUDGETS, ...given };
    this.#clients = new TokenBuckets(budgets.perClient);
    this.#sessions = new TokenBuckets(budgets.perSession);
    this.#project = projectLimiter ?? new RateLimiter(budgets.perSecond, budgets.burst);
  }

  /** The key an address is budgeted by (IPv6 by its /64). */
  clientKey(ip: string): string {
    return clientKey(ip);
  }

  /** Throws a 429 when this client address has sent too much. */
  admitClient(ip: string): void {
    const key = clientKey(ip);
    const wait = this.#clients.wait(key);
    if (wait > 0)
      throw tooMany(
        `Too many chunks from this client address (${ip}): retry in ${wait} s.`,
        wait,
        'client',
      );
    this.#clients.take(key);
  }

  /**
   * Charges a client address for a large chunk: one token per 16 KB of JSON beyond the
   * first, so a client sending huge chunks gets fewer of them (its next ones wait).
   */
  chargeClient(ip: string, jsonChars: number): void {
    const extra = Math.floor(jsonChars / CHARGE_UNIT);
    if (extra > 0) this.#clients.take(clientKey(ip), extra);
  }

  /** Throws a 429 when this session, then the project, has sent too much. */
  async admitChunk(projectId: number, sessionId: string): Promise<void> {
    const key = `${projectId}/${sessionId}`;
    const wait = this.#sessions.wait(key);
    if (wait > 0)
      throw tooMany(
        `Too many chunks for this session, faster than a recorder sends them: retry in ${wait} s.`,
        wait,
        'session-rate',
      );
    const projectWait = await this.#project.take(projectId);
    if (projectWait > 0)
      throw tooMany(
        `Too many chunks for this project: retry in ${projectWait} s.`,
        projectWait,
        'project',
      );
    this.#sessions.take(key);
  }
}
