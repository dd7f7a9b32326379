import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import { limits } from '@tapedeck/protocol';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { Deleter } from './internal/Deleter.js';
import { HttpError } from './internal/HttpError.js';
import { Quota } from './internal/Quota.js';
import { type IngestLimiter, RateLimiter } from './internal/RateLimiter.js';
import { SECURITY_HEADERS, VIEWER_CSP } from './internal/securityHeaders.js';
import { openapi } from './openapi.js';
import { adminRoutes } from './routes/adminRoutes.js';
import { requireApiKey } from './routes/authHook.js';
import { collaborationRoutes } from './routes/collaborationRoutes.js';
import { ingestRoutes } from './routes/ingestRoutes.js';
import { keyRoutes } from './routes/keyRoutes.js';
import { recordingConfigRoutes } from './routes/recordingConfigRoutes.js';
import { sessionRoutes } from './routes/sessionRoutes.js';
import { transferRoutes } from './routes/transferRoutes.js';
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
  /** Chunks a project may send: `perSecond` (default 1000), in bursts of `burst` (default 5 s worth). */
  rateLimit?: { perSecond: number; burst?: number };
  /** Counts those tokens; in this process by default, in the database for replicas. */
  limiter?: IngestLimiter;
  /** Receives one line per request and any server error. Default: stdout. */
  log?: (line: string) => void;
}

/** Error codes of a full disk, from the file system and from SQLite. */
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', '53100']);
/** PostgreSQL's codes for text it cannot store (NUL characters). */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/**
 * What the log says of a request's path: the route's pattern (`/api/persons/:distinctId`),
 * since ids can be people's emails and query strings carry tokens; the bare path, cut
 * short, for a request that matched no route.
 */
function logPath(request: FastifyRequest): string {
  return request.routeOptions.url ?? (request.url.split('?')[0] ?? '').slice(0, 100);
}

/** The Tapedeck HTTP app: ingestion, the query API and the viewer. */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const deleter = new Deleter(options.metadata, options.blobs);
  // `/s` and `/s/` are the same route: proxies (Next rewrites, say) may drop the slash.
  const app = Fastify({
    logger: false,
    trustProxy: true,
    bodyLimit: limits.maxBodyBytes,
    routerOptions: { ignoreTrailingSlash: true },
  });

  app.addHook('onSend', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    // The viewer and the demo are HTML; the API and ingestion answer JSON.
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    if (html && !request.url.startsWith('/demo')) {
      reply.header('Content-Security-Policy', VIEWER_CSP);
      reply.header('X-Frame-Options', 'DENY');
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    log(
      `${request.method} ${logPath(request)} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`,
    );
  });

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError)
      return reply.code(error.statusCode).send({ error: error.message });
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.code(413).send({
        error: `The body is larger than the limit of ${request.routeOptions.bodyLimit} bytes: send smaller chunks.`,
      });
    if (error.statusCode && error.statusCode < 500)
      return reply.code(error.statusCode).send({ error: error.message });
    if (UNSTORABLE_TEXT.has(String(error.code)))
      return reply.code(400).send({
        error: 'The request has text the database cannot store (a NUL character): remove it.',
      });
    if (DISK_FULL.has(String(error.code))) {
      log(`disk full ${request.method} ${logPath(request)}: ${error.message}`);
      return reply.code(507).header('Retry-After', '60').send({
        error:
          "The server's disk is full, so nothing was stored: retry later. (Operators: free space; Tapedeck recovers by itself.)",
      });
    }
    log(`error ${request.method} ${logPath(request)}: ${error.stack ?? error.message}`);
    return reply.code(500).send({ error: 'Internal error; the server log has the details.' });
  });

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
              exposedHeaders: ['Retry-After', 'X-Tapedeck-Quota'],
            }
          : { origin: false },
      );
    },
  });
  await app.register(ingestRoutes, {
    metadata: options.metadata,
    blobs: options.blobs,
    limiter:
      options.limiter ??
      new RateLimiter(options.rateLimit?.perSecond ?? 1000, options.rateLimit?.burst),
    quota: new Quota(options.metadata),
  });
  await app.register(recordingConfigRoutes, { metadata: options.metadata });
  app.get('/api/docs', async () => openapi);
  // Everything else under /api needs a personal API key.
  await app.register(async (api) => {
    requireApiKey(api, options.metadata);
    await api.register(keyRoutes, options);
    await api.register(sessionRoutes, options);
    await api.register(adminRoutes, { ...options, deleter });
    await api.register(collaborationRoutes, options);
    await api.register(transferRoutes, options);
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
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    deleter: Deleter;
  }
}
