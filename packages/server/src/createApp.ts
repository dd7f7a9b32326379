import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { limits } from '@tapedeck/protocol';
import { ErrorBody, Filter, PersonFilter, SessionSummary } from '@tapedeck/protocol/api';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerDocs } from './http/docs.js';
import { errorHandler, logPath } from './http/errorHandler.js';
import { parseJson } from './http/parseJson.js';
import { buildValidator } from './http/validation.js';
import { AlertLoop } from './internal/alerts/AlertLoop.js';
import { Deleter, SEGMENT_GRACE_MS } from './internal/Deleter.js';
import { type Budgets, FairShare } from './internal/FairShare.js';
import { GroupCommit } from './internal/GroupCommit.js';
import { LiveFeed, type LiveLimits } from './internal/LiveFeed.js';
import { createLogger, type LogFormat, type Logger, stdoutLines } from './internal/Logger.js';
import { Metrics } from './internal/Metrics.js';
import { type Places, sharedPlaces } from './internal/places/Places.js';
import { Quota } from './internal/Quota.js';
import type { IngestLimiter } from './internal/RateLimiter.js';
import { SECURITY_HEADERS, VIEWER_CSP } from './internal/securityHeaders.js';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from './internal/sessionLimits.js';
import { adminRoutes } from './routes/adminRoutes.js';
import { alertRoutes } from './routes/alertRoutes.js';
import { requireApiKey } from './routes/authHook.js';
import { collaborationRoutes } from './routes/collaborationRoutes.js';
import { errorRoutes } from './routes/errorRoutes.js';
import { healthRoutes } from './routes/healthRoutes.js';
import { heatmapRoutes } from './routes/heatmapRoutes.js';
import { ingestRoutes } from './routes/ingestRoutes.js';
import { keyRoutes } from './routes/keyRoutes.js';
import { metricsRoutes } from './routes/metricsRoutes.js';
import { recordingConfigRoutes } from './routes/recordingConfigRoutes.js';
import { sessionRoutes } from './routes/sessionRoutes.js';
import { transferRoutes } from './routes/transferRoutes.js';
import { vitalsRoutes } from './routes/vitalsRoutes.js';
import type { BlobStore } from './storage/BlobStore.js';
import type { MetadataStore, Project } from './storage/MetadataStore.js';

export interface AppOptions {
  metadata: MetadataStore;
  blobs: BlobStore;
  /** The project the viewer and query API show. */
  project: Project;
  /** The built viewer; when absent, `/` explains how to build it. */
  viewerDir?: string | undefined;
  /** Serve the demo page at `/demo/`, recording into `project`. Default true. */
  demo?: boolean;
  /**
   * Chunks a project may send: `perSecond` (default 1000), in bursts of `burst` (default 5 s
   * worth); and, so that no one spends it all, what one session (`perSession`) and one
   * client address (`perClient`) may send.
   */
  rateLimit?: Partial<Budgets>;
  /** Counts the project's tokens; in this process by default, in the database for replicas. */
  limiter?: IngestLimiter;
  /** What one session may hold: chunks, stored bytes, URL rows, custom-event rows. */
  sessionLimits?: Partial<SessionLimits>;
  /**
   * Proxies whose `X-Forwarded-For` names the client: Fastify's `trustProxy` (`true`, or
   * addresses/CIDRs like `'127.0.0.1,10.0.0.0/8'`). Default: none, so the client
   * address is the connection's.
   */
  trustProxy?: boolean | string | string[];
  /**
   * Watchers of live sessions (`…/snapshots?follow=true`): `perKey` (default 10) and
   * `perServer` (200) open at once, each ending after `idleMs` (5 min) without a new chunk,
   * and reading the index every `pollMs` (5 s) for chunks another replica stored.
   */
  live?: Partial<LiveLimits>;
  /**
   * Looks up each client's country for its session (DB-IP's IP to Country Lite, shipped
   * in an npm package, read on first need). Default: on; `false` stores no country.
   */
  places?: Places | false;
  /** Playlist alerts' loop (started by whoever made it); by default one that is not started. */
  alerts?: AlertLoop;
  /** Receives one line per request and any server error. Default: stdout. */
  log?: (line: string) => void;
  /** Those lines as readable text (default) or as one JSON object each. */
  logFormat?: LogFormat;
  /**
   * `GET /metrics` (Prometheus): with `token`, for `Authorization: Bearer <token>` only;
   * `null`, open to all (only on a port kept off the internet); absent, off (404).
   * `statsEveryMs`: how often the stored totals and backlogs are counted (default 30 s).
   */
  metrics?: { token?: string | null | undefined; statsEveryMs?: number };
}

/** The Tapedeck HTTP app: ingestion, the query API and the viewer. */
export async function createApp(given: AppOptions): Promise<FastifyInstance> {
  const logger = createLogger(given.logFormat ?? 'text', given.log ?? stdoutLines());
  // Every store call from here on is counted when it fails.
  const metrics = new Metrics(
    given.metrics?.statsEveryMs === undefined ? {} : { statsEveryMs: given.metrics.statsEveryMs },
  );
  const options: AppOptions = {
    ...given,
    metadata: metrics.watch('metadata', given.metadata),
    blobs: metrics.watch('blobs', given.blobs),
  };
  // New chunks go into segments a group at a time; deletion never removes one in use, and
  // erases at once the bytes of a group that no row points at.
  const group: GroupCommit = new GroupCommit(
    options.metadata,
    options.blobs,
    options.blobs.segmentWriter(),
    () => deleter.drain().catch((error: unknown) => logger.error('erasure failed', { error })),
  );
  group.onGroup = (chunks) => metrics.group(chunks);
  metrics.attach({
    queued: () => group.queued,
    // Sessions quiet for the compactor's 30 minutes.
    stats: () => options.metadata.operationalStats(Date.now() - 30 * 60_000),
  });
  const deleter = new Deleter(options.metadata, options.blobs, {
    inUse: (key) => group.inUse(key),
    graceMs: group.shared ? SEGMENT_GRACE_MS : 0,
  });
  const live = new LiveFeed(options.live);
  const quota = new Quota(options.metadata);
  // `/s` and `/s/` are the same route: proxies (Next rewrites, say) may drop the slash.
  const app = Fastify({
    logger: false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: limits.maxBodyBytes,
    routerOptions: { ignoreTrailingSlash: true },
    schemaController: { compilersFactory: { buildValidator } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of [ErrorBody, Filter, PersonFilter, SessionSummary]) app.addSchema(schema);
  // API bodies: JSON, refused before validation when they nest too deep.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : parseJson(body as string, 'body'));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  await registerDocs(app);

  // From a stop on, answers close their connection: a kept-alive one would hold the
  // process until its keep-alive timeout (72 s), past any service manager's patience.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (closing) reply.header('Connection', 'close');
    // The viewer and the demo are HTML; the API and ingestion answer JSON.
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    if (html && !request.url.startsWith('/demo')) {
      reply.header('Content-Security-Policy', VIEWER_CSP);
      reply.header('X-Frame-Options', 'DENY');
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    logger.request({
      method: request.method,
      path: logPath(request),
      status: reply.statusCode,
      ms: reply.elapsedTime,
    });
  });

  app.setErrorHandler(errorHandler(logger));
  // Open live streams end as the server closes, rather than holding the close up.
  app.addHook('preClose', async () => live.closeAll());

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `Nothing at ${request.method} ${request.url.split('?')[0]}.` }),
  );

  // CORS is open only where browsers on other sites call: ingestion and the SDK's settings.
  await app.register(cors, {
    delegator: (request, callback) => {
      const path = request.url?.split('?')[0] ?? '';
      const open =
        path === '/s/' || path === '/s' || /^\/api\/projects\/[^/]+\/recording-config$/.test(path);
      callback(
        null,
        open
          ? {
              origin: '*',
              methods: ['GET', 'POST'],
              maxAge: 86_400,
              // The SDK must read these cross-origin to back off and to report a quota.
              exposedHeaders: ['Retry-After', 'X-Tapedeck-Quota', 'X-Tapedeck-Limit'],
            }
          : { origin: false },
      );
    },
  });
  await app.register(ingestRoutes, {
    metadata: options.metadata,
    blobs: options.blobs,
    group,
    fairShare: new FairShare(options.rateLimit ?? {}, options.limiter),
    sessionLimits: { ...DEFAULT_SESSION_LIMITS, ...options.sessionLimits },
    quota,
    live,
    places:
      options.places === false
        ? null
        : (options.places ??
          sharedPlaces((error) => logger.error('the IP database did not load', { error }))),
    metrics,
  });
  await app.register(healthRoutes, {
    metadata: options.metadata,
    blobs: options.blobs,
    log: (message, fields) => logger.info(message, fields),
  });
  await app.register(metricsRoutes, { metrics, token: options.metrics?.token });
  await app.register(recordingConfigRoutes, { metadata: options.metadata });
  // Everything else under /api needs a personal API key.
  await app.register(async (api) => {
    requireApiKey(api, options.metadata);
    await api.register(keyRoutes, options);
    await api.register(sessionRoutes, { ...options, live });
    await api.register(adminRoutes, { ...options, deleter, quota });
    await api.register(collaborationRoutes, options);
    await api.register(alertRoutes, {
      ...options,
      alerts:
        options.alerts ?? new AlertLoop(options.metadata, { log: (line) => logger.info(line) }),
    });
    await api.register(transferRoutes, { ...options, group });
    await api.register(vitalsRoutes, options);
    await api.register(heatmapRoutes, options);
    await api.register(errorRoutes, options);
  });

  if (options.demo !== false) {
    app.get('/demo/config.json', async () => ({ token: options.project.token }));
  }
  const viewerDir = options.viewerDir;
  if (viewerDir && existsSync(join(viewerDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: viewerDir, redirect: true, index: 'index.html' });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/plain')
        .send('The viewer is not built. Run `npx -y pnpm@12.4.2 build` at the repository root.'),
    );
  }
  app.decorate('deleter', deleter);
  app.decorate('metrics', metrics);
  app.decorate('logger', logger);
  app.decorate('groupCommit', group);
  // After the last request: every group settled, the segment closed.
  app.addHook('onClose', () => group.close());
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    deleter: Deleter;
    groupCommit: GroupCommit;
    metrics: Metrics;
    logger: Logger;
  }
}
