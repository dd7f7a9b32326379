import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OperationalStats } from '../storage/MetadataStore.js';
import { HttpError } from './HttpError.js';
import { INGEST_OUTCOMES, type IngestOutcome } from './ingestOutcome.js';

/** The process's own metrics (CPU, memory, event loop, GC): one set however many apps run. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Where the gauges read what is queued and stored. */
export interface MetricsSources {
  /** Chunks waiting for the next group commit. */
  queued(): number;
  stats(): Promise<OperationalStats>;
}

const EMPTY: OperationalStats = {
  sessions: 0,
  storedBytes: 0,
  pendingBlobDeletions: 0,
  pendingErasures: 0,
  sessionsToCompact: 0,
};

/**
 * The server's Prometheus metrics, in a registry of their own (so two apps in one process
 * count apart). Counters move as requests are answered; the stored totals and backlogs come
 * from aggregate queries, run at most once per `statsEveryMs` however often Prometheus scrapes.
 */
export class Metrics {
  readonly #registry = new Registry();
  readonly #statsEveryMs: number;
  #sources: MetricsSources | undefined;
  #stats: OperationalStats = EMPTY;
  #statsAt = Number.NEGATIVE_INFINITY;
  #refreshing: Promise<void> | null = null;
  readonly #requests: Counter<'outcome'>;
  readonly #latency: Histogram<'outcome'>;
  readonly #received: Counter;
  readonly #stored: Counter;
  readonly #groups: Histogram;
  readonly #storeErrors: Counter<'store' | 'operation'>;

  constructor(options: { statsEveryMs?: number } = {}) {
    this.#statsEveryMs = options.statsEveryMs ?? 30_000;
    const registers = [this.#registry];
    this.#requests = new Counter({
      name: 'tapedeck_ingest_requests_total',
      help: 'Chunk uploads (POST /s/) answered, by outcome: accepted, duplicate, or why refused.',
      labelNames: ['outcome'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'tapedeck_ingest_duration_seconds',
      help: 'Time to answer a chunk upload (for accepted ones: until durable), by outcome.',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // Every outcome from the start, so rate() sees the first refusal of a kind.
    for (const outcome of INGEST_OUTCOMES) {
      this.#requests.inc({ outcome }, 0);
      this.#latency.zero({ outcome });
    }
    this.#received = new Counter({
      name: 'tapedeck_ingest_received_bytes_total',
      help: 'Request body bytes of chunk uploads, as sent (usually gzip).',
      registers,
    });
    this.#stored = new Counter({
      name: 'tapedeck_ingest_stored_bytes_total',
      help: 'Bytes of new chunks stored (gzip), duplicates and refusals not counted.',
      registers,
    });
    this.#groups = new Histogram({
      name: 'tapedeck_group_commit_chunks',
      help: 'Chunks per group commit (one segment write and one transaction each).',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000],
      registers,
    });
    this.#storeErrors = new Counter({
      name: 'tapedeck_store_errors_total',
      help: 'Failed calls to the metadata store (database) or blob store, by operation.',
      labelNames: ['store', 'operation'],
      registers,
    });
    const metrics = this;
    const gauge = (name: string, help: string, read: (s: OperationalStats) => number) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          this.set(read(await metrics.#readStats()));
        },
      });
    gauge('tapedeck_sessions', 'Sessions stored.', (s) => s.sessions);
    gauge('tapedeck_stored_bytes', 'Bytes of chunks stored (gzip).', (s) => s.storedBytes);
    gauge(
      'tapedeck_deletion_backlog_blobs',
      'Blobs of deleted sessions waiting to be removed.',
      (s) => s.pendingBlobDeletions,
    );
    gauge(
      'tapedeck_deletion_backlog_ranges',
      'Byte ranges of deleted chunks in segments waiting to be erased.',
      (s) => s.pendingErasures,
    );
    gauge(
      'tapedeck_compaction_backlog_sessions',
      'Quiet sessions not packed yet (the compactor runs every 10 minutes).',
      (s) => s.sessionsToCompact,
    );
    new Gauge({
      name: 'tapedeck_group_commit_queue_depth',
      help: 'Chunks waiting for the next group commit.',
      registers,
      collect() {
        this.set(metrics.#sources?.queued() ?? 0);
      },
    });
  }

  /** Where the gauges read from; until then they read zero. */
  attach(sources: MetricsSources): void {
    this.#sources = sources;
  }

  ingest(outcome: IngestOutcome, seconds: number, receivedBytes: number, storedBytes: number) {
    this.#requests.inc({ outcome });
    this.#latency.observe({ outcome }, seconds);
    if (receivedBytes > 0) this.#received.inc(receivedBytes);
    if (storedBytes > 0) this.#stored.inc(storedBytes);
  }

  group(chunks: number): void {
    this.#groups.observe(chunks);
  }

  /**
   * The store, counting its failed calls: every method's rejection or throw (a refusal meant
   * for the client, an HttpError, is not a store error). Methods run on the store itself.
   */
  watch<T extends object>(store: 'metadata' | 'blobs', target: T): T {
    const count = (operation: string, error: unknown) => {
      if (!(error instanceof HttpError)) this.#storeErrors.inc({ store, operation });
    };
    return new Proxy(target, {
      get(object, property) {
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return (...args: unknown[]) => {
          try {
            const result: unknown = value.apply(object, args);
            if (result instanceof Promise)
              return result.catch((error: unknown) => {
                count(property, error);
                throw error;
              });
            return result;
          } catch (error) {
            count(property, error);
            throw error;
          }
        };
      },
    });
  }

  get contentType(): string {
    return this.#registry.contentType;
  }

  /** Everything in Prometheus' text format, the process's own metrics included. */
  text(): Promise<string> {
    return Registry.merge([processMetrics(), this.#registry]).metrics();
  }

  async #readStats(): Promise<OperationalStats> {
    const sources = this.#sources;
    if (!sources || Date.now() - this.#statsAt < this.#statsEveryMs) return this.#stats;
    this.#refreshing ??= sources
      .stats()
      .then((stats) => {
        this.#stats = stats;
        this.#statsAt = Date.now();
      })
      // The last values stay; the failure is counted as a store error.
      .catch(() => {})
      .finally(() => {
        this.#refreshing = null;
      });
    await this.#refreshing;
    return this.#stats;
  }
}
