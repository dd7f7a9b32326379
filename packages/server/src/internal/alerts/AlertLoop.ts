import type { Filter } from '@tapedeck/protocol/api';
import { savedFilterProblem } from '../../http/validation.js';
import { checkFilter } from '../../query/checkFilter.js';
import type { ActiveAlert, PendingDelivery } from '../../storage/AlertStore.js';
import type { MetadataStore } from '../../storage/MetadataStore.js';
import { alertBody, signBody } from './alertBody.js';
import { alertHostsFromEnv, type SendWebhook, webhookSender } from './postWebhook.js';

export interface AlertLoopOptions {
  /** The clock; a test moves a fake one. */
  now: () => number;
  /** How often to look (ms); 0 never on its own (a test calls `tick`). Default 15 s. */
  intervalMs: number;
  /** A session counts once no chunk arrived for this long: it has ended. Default 5 min. */
  settleMs: number;
  /** At most one batch per alert this often; sessions meanwhile wait for it. Default 1 min. */
  minGapMs: number;
  /** Tries per batch before it is logged as failed. Default 4. */
  maxAttempts: number;
  /** The wait before the first retry, doubled each time after. Default 30 s. */
  backoffMs: number;
  /** Sends one POST; default: node:http(s), private addresses refused unless in `allowHosts`. */
  send: SendWebhook;
  /** Private hosts that alerts may reach (`TAPEDECK_ALERT_HOSTS`, comma-separated). */
  allowHosts: string[];
  log: (line: string) => void;
}

/** Sessions one batch lists at most. */
export const MAX_BATCH = 100;

/**
 * Finds sessions newly matching each alerted playlist's filter, and POSTs them in signed
 * batches. A session is new when its last chunk arrived after the alert's mark and it has
 * since been quiet for `settleMs` (it has ended, so what it did is known); the mark then
 * moves past it. A batch is queued at most once per `minGapMs` per alert and retried with
 * doubling waits up to `maxAttempts`; every batch is a row of the delivery log.
 */
export class AlertLoop {
  readonly #metadata: MetadataStore;
  readonly #o: AlertLoopOptions;
  #timer: ReturnType<typeof setInterval> | null = null;
  #running: Promise<void> | null = null;

  constructor(metadata: MetadataStore, options: Partial<AlertLoopOptions> = {}) {
    this.#metadata = metadata;
    const allowHosts = options.allowHosts ?? alertHostsFromEnv();
    this.#o = {
      now: Date.now,
      intervalMs: 15_000,
      settleMs: 5 * 60_000,
      minGapMs: 60_000,
      maxAttempts: 4,
      backoffMs: 30_000,
      send: webhookSender(allowHosts),
      log: () => {},
      ...options,
      allowHosts,
    };
  }

  /** The loop's clock: a new alert's mark (sessions after it are new to it). */
  now(): number {
    return this.#o.now();
  }

  /** Private hosts alerts may reach all the same. */
  get allowHosts(): readonly string[] {
    return this.#o.allowHosts;
  }

  start(): void {
    if (this.#o.intervalMs <= 0 || this.#timer) return;
    this.#timer = setInterval(() => void this.tick(), this.#o.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** One look: queue new batches, then send what is due. One at a time; replicas take turns. */
  tick(): Promise<void> {
    this.#running ??= this.#metadata
      .exclusive('alerts', () => this.#tick())
      .then(
        () => {},
        (error: unknown) => this.#o.log(`alerts failed: ${String(error)}`),
      )
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  async #tick(): Promise<void> {
    const now = this.#o.now();
    for (const alert of await this.#metadata.alerts.activeAlerts())
      await this.#collect(alert, now).catch((error: unknown) =>
        this.#o.log(`alert of playlist ${alert.playlistId}: ${String(error)}`),
      );
    for (const delivery of await this.#metadata.alerts.dueDeliveries(now, 50))
      await this.#attempt(delivery, now);
  }

  async #collect(alert: ActiveAlert, now: number): Promise<void> {
    // Rate-limited: the sessions wait (the mark stays), and go out together next time.
    if (alert.lastSentAt !== null && now - alert.lastSentAt < this.#o.minGapMs) return;
    const upTo = now - this.#o.settleMs;
    if (upTo <= alert.mark) return;
    const problem =
      alert.filter === null
        ? 'its playlist has no filter'
        : savedFilterProblem('Filter', alert.filter);
    if (problem) throw new Error(`not checked: ${problem}`);
    const page = await this.#metadata.listSessions(alert.projectId, {
      filter: checkFilter(alert.filter as Filter),
      updated: { after: alert.mark, upTo },
      order: 'start',
      direction: 'asc',
      limit: MAX_BATCH,
    });
    const { sessions } = page;
    const batch = sessions.length
      ? {
          body: alertBody(alert, sessions, page.next !== null, now),
          sessionCount: sessions.length,
        }
      : null;
    await this.#metadata.alerts.advance(alert, upTo, batch, now);
  }

  async #attempt(d: PendingDelivery, now: number): Promise<void> {
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Tapedeck-Alerts',
      'x-tapedeck-timestamp': String(Math.floor(now / 1000)),
      'x-tapedeck-signature': signBody(d.secret, d.body),
    };
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      httpStatus = (await this.#o.send(d.url, d.body, headers)).status;
      if (httpStatus < 200 || httpStatus > 299) error = `the receiver answered ${httpStatus}`;
    } catch (e) {
      error = (e as Error).message.slice(0, 500);
    }
    const attempts = d.attempts + 1;
    const done = error === null || attempts >= this.#o.maxAttempts;
    await this.#metadata.alerts.recordAttempt(d.id, {
      status: error === null ? 'delivered' : done ? 'failed' : 'pending',
      attempts,
      httpStatus,
      error,
      nextAttemptAt: done ? null : now + this.#o.backoffMs * 2 ** (attempts - 1),
      finishedAt: done ? now : null,
    });
  }
}
