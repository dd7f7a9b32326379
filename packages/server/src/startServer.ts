import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { createApp } from './createApp.js';
import { ensureAdminKey } from './internal/adminKey.js';
import { AlertLoop, type AlertLoopOptions } from './internal/alerts/AlertLoop.js';
import { Compactor } from './internal/Compactor.js';
import { checkStore, describeCheck } from './internal/checkStore.js';
import type { Budgets } from './internal/FairShare.js';
import type { LiveLimits } from './internal/LiveFeed.js';
import type { LogFormat } from './internal/Logger.js';
import type { SessionLimits } from './internal/sessionLimits.js';
import { metricsRoutes } from './routes/metricsRoutes.js';
import type { BlobStore } from './storage/BlobStore.js';
import { FsBlobStore } from './storage/FsBlobStore.js';
import type { FsSegmentOptions } from './storage/FsSegmentWriter.js';
import type { Project } from './storage/MetadataStore.js';
import type { S3Config } from './storage/S3BlobStore.js';
import { SqliteMetadataStore } from './storage/SqliteMetadataStore.js';
import type { SqlMetadataStore } from './storage/SqlMetadataStore.js';

export interface ServerConfig {
  port: number;
  host: string;
  /** Folder for the SQLite file and the chunks; created when missing. */
  dataDir: string;
  /** PostgreSQL instead of the SQLite file (`postgres://…`), for several replicas. */
  databaseUrl?: string | undefined;
  /** An S3-compatible bucket instead of the chunks folder. */
  s3?: S3Config | undefined;
  /** Use this as the default project's ingestion token instead of a generated one. */
  token?: string | undefined;
  /** Set the default project's retention (1–365 days; default 30). */
  retentionDays?: number | undefined;
  /** An admin API key to accept (stored hashed). Without one, a first start makes one. */
  adminKey?: string | undefined;
  viewerDir?: string | undefined;
  demo?: boolean;
  /**
   * Chunks a project may send: `perSecond` (default 1000), in bursts of `burst` (default 5 s
   * worth); `perSession` and `perClient` (by client address) budgets beside it.
   */
  rateLimit?: Partial<Budgets>;
  /** What one session may hold (chunks, stored bytes, URL rows, custom-event rows). */
  sessionLimits?: Partial<SessionLimits>;
  /** Live watchers: per key, per server, their idle timeout and the replicas' poll. */
  live?: Partial<LiveLimits>;
  /** Proxies trusted to name the client in `X-Forwarded-For` (default: none). */
  trustProxy?: boolean | string | string[];
  /** The client's country per session from the bundled IP database (default on). */
  places?: boolean;
  /** Playlist alerts: the clock, intervals, rate limit, retries, sender, allowed hosts. */
  alerts?: Partial<AlertLoopOptions>;
  /** The longest a session search may run on PostgreSQL (statement_timeout; default 10 s). */
  queryTimeoutMs?: number;
  /** The chunks folder's segment files: size and age limits (64 MB, 10 min), a sync hook. */
  segments?: FsSegmentOptions;
  log?: (line: string) => void;
  /** The log's lines as readable text (default) or one JSON object each. */
  logFormat?: LogFormat;
  /** `GET /metrics` on the main port, for `Authorization: Bearer <metricsToken>` only. */
  metricsToken?: string | undefined;
  /**
   * `GET /metrics` open to all on this port (same host): for a network only Prometheus
   * reaches. Absent: no second port.
   */
  metricsPort?: number | undefined;
  /** How often the stored totals and backlogs are counted for the metrics (default 30 s). */
  metricsStatsEveryMs?: number;
}

export interface RunningServer {
  url: string;
  project: Project;
  /** The admin key made at the very first start (when none was configured): shown once. */
  newAdminKey: string | null;
  /** `GET /metrics` on the metrics port, when there is one. */
  metricsUrl: string | null;
  /** Where the chunks are (for checks and tests). */
  blobs: BlobStore;
  /**
   * Groups of new chunks written so far, the chunks in them, segment fsyncs (or PUTs), and
   * chunks waiting for the next group.
   */
  ingestStats(): { groups: number; chunks: number; syncs: number; queued: number };
  /** Packs quiet sessions now (it also runs every 10 minutes); returns how many. */
  compact(now?: number): Promise<number>;
  /** Playlist alerts' loop: `tick()` runs it once (tests move its clock). */
  alerts: AlertLoop;
  close(): Promise<void>;
}

/**
 * The stores a configuration names: SQLite and a folder in `dataDir` by default,
 * PostgreSQL and an S3 bucket when given.
 */
export async function openStores(
  config: Pick<ServerConfig, 'dataDir' | 'databaseUrl' | 's3' | 'queryTimeoutMs' | 'segments'>,
) {
  mkdirSync(config.dataDir, { recursive: true });
  // PostgreSQL and S3 are loaded only when configured: one machine never pays for them.
  const metadata: SqlMetadataStore = config.databaseUrl
    ? await (await import('./storage/PostgresMetadataStore.js')).PostgresMetadataStore.open(
        config.databaseUrl,
        config.queryTimeoutMs,
      )
    : new SqliteMetadataStore(join(config.dataDir, 'tapedeck.db'));
  const s3 = config.s3
    ? new (await import('./storage/S3BlobStore.js')).S3BlobStore(config.s3)
    : null;
  const blobs: BlobStore = s3 ?? new FsBlobStore(join(config.dataDir, 'chunks'), config.segments);
  return { metadata, blobs, s3 };
}

/** Opens (or creates) the storage and starts listening. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const { metadata, blobs, s3 } = await openStores(config);
  const postgres = metadata.database === 'postgres';
  const perSecond = config.rateLimit?.perSecond ?? 1000;
  const burst = config.rateLimit?.burst ?? perSecond * 5;
  const project = await metadata.ensureDefaultProject(config.token);
  const newAdminKey = await ensureAdminKey(metadata, project, config.adminKey, config.dataDir);
  const log = config.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const alerts = new AlertLoop(metadata, { log, ...config.alerts });
  const app = await createApp({
    metadata,
    alerts,
    blobs,
    project,
    // The viewer this package was built with, unless told otherwise.
    viewerDir: config.viewerDir ?? fileURLToPath(new URL('../viewer', import.meta.url)),
    ...(config.demo === undefined ? {} : { demo: config.demo }),
    ...(config.rateLimit ? { rateLimit: config.rateLimit } : {}),
    ...(config.sessionLimits ? { sessionLimits: config.sessionLimits } : {}),
    ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
    ...(config.places === false ? { places: false as const } : {}),
    ...(config.live ? { live: config.live } : {}),
    // Replicas share one bucket per project, in the database.
    ...(postgres
      ? { limiter: { take: (id: number) => metadata.takeToken(id, perSecond, burst) } }
      : {}),
    ...(config.log ? { log: config.log } : {}),
    ...(config.logFormat ? { logFormat: config.logFormat } : {}),
    metrics: {
      token: config.metricsToken,
      ...(config.metricsStatsEveryMs === undefined
        ? {}
        : { statsEveryMs: config.metricsStatsEveryMs }),
    },
  });
  if (config.retentionDays !== undefined)
    await metadata.setRetentionDays(project.id, config.retentionDays);
  // Finish deletions a crash interrupted, check the store after an unclean stop, apply
  // retention now and every hour.
  await app.deleter.drain();
  // The embedded store only: over PostgreSQL and S3 an interrupted write leaves at most an
  // object no row points to, which `tapedeck check` finds.
  const marker = join(config.dataDir, 'server.running');
  if (!postgres && !s3 && existsSync(marker)) {
    const since = Number(readFileSync(marker, 'utf8')) || 0;
    const result = await checkStore(metadata, blobs, since, { idle: true });
    app.logger.info(describeCheck('Store check after an unclean stop', result));
  }
  writeFileSync(marker, String(Date.now()));
  await app.deleter.enforceRetention();
  const retention = setInterval(() => {
    app.deleter
      .enforceRetention()
      .catch((error: unknown) => app.logger.error('retention failed', { error: String(error) }));
  }, 60 * 60_000);
  retention.unref();
  // Quiet sessions are packed into one blob each, every 10 minutes.
  const compactor = new Compactor(
    app.metrics.watch('metadata', metadata),
    app.metrics.watch('blobs', blobs),
    app.deleter,
  );
  const compaction = setInterval(() => {
    compactor
      .run()
      .catch((error: unknown) => app.logger.error('compaction failed', { error: String(error) }));
  }, 10 * 60_000);
  compaction.unref();
  alerts.start();
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  // The metrics port answers /metrics alone, to all: keep it where only Prometheus reaches.
  const metricsApp = config.metricsPort === undefined ? null : Fastify({ logger: false });
  let metricsUrl: string | null = null;
  if (metricsApp) {
    await metricsApp.register(metricsRoutes, { metrics: app.metrics, token: null });
    await metricsApp.listen({ port: config.metricsPort, host: config.host });
    const bound = metricsApp.server.address();
    metricsUrl = `http://${shown}:${typeof bound === 'object' && bound ? bound.port : config.metricsPort}/metrics`;
  }
  return {
    url: `http://${shown}:${port}`,
    metricsUrl,
    project,
    newAdminKey,
    blobs,
    ingestStats: () => {
      const { groups, chunks, syncs, queued } = app.groupCommit;
      return { groups, chunks, syncs, queued };
    },
    compact: (now) => compactor.run(now),
    alerts,
    async close() {
      clearInterval(retention);
      clearInterval(compaction);
      await alerts.stop();
      await metricsApp?.close();
      await app.close();
      await metadata.close();
      s3?.close();
      rmSync(marker, { force: true });
    },
  };
}
