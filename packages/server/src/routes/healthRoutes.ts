import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { BlobStore } from '../storage/BlobStore.js';
import type { MetadataStore } from '../storage/MetadataStore.js';

/** The longest a readiness check waits for a store. */
export const READY_TIMEOUT_MS = 2000;

const Check = Type.String({ description: '"ok", or why the store failed.' });
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  checks: Type.Object({ metadata: Check, blobs: Check }),
  error: Type.Optional(Type.String({ description: 'What failed and what to do.' })),
});

const open = (summary: string) => ({
  summary,
  description: 'Who may call it: none (for load balancers and orchestrators).',
  security: [],
});

/** The failure's short name: no addresses or paths on a public port (the log has the rest). */
const reason = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return `failed${typeof code === 'string' && /^[\w-]{1,40}$/.test(code) ? ` (${code})` : ''}`;
};

async function check(probe: () => Promise<void>, timeoutMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([probe(), late]);
    return null;
  } catch (error) {
    return error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /livez`: the process answers (no store is asked, so a database outage never gets
 * healthy replicas restarted). `GET /readyz`: a cheap query on the database and a probe of
 * the blob store, each within `timeoutMs`; 503 naming what failed, and while shutting down.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  blobs: BlobStore;
  timeoutMs?: number;
  log: (line: string, fields?: Record<string, unknown>) => void;
}> = async (app, { metadata, blobs, timeoutMs = READY_TIMEOUT_MS, log }) => {
  let closing = false;
  let lastFailure = '';
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.get(
    '/livez',
    {
      schema: {
        ...open('Liveness: the process is up'),
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        ...open('Readiness: the database and the blob store answer (503 when not)'),
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const [metadataError, blobsError] = await Promise.all([
        check(() => metadata.ping(), timeoutMs),
        check(() => blobs.probe(), timeoutMs),
      ]);
      const checks = {
        metadata: metadataError ? reason(metadataError) : 'ok',
        blobs: blobsError ? reason(blobsError) : 'ok',
      };
      const timedOut = (e: unknown) => /^timed out/.test((e as Error | null)?.message ?? '');
      if (timedOut(metadataError)) checks.metadata = `timed out after ${timeoutMs} ms`;
      if (timedOut(blobsError)) checks.blobs = `timed out after ${timeoutMs} ms`;
      const failed = [
        ...(metadataError ? [`the database (${(metadataError as Error).message})`] : []),
        ...(blobsError ? [`the blob store (${(blobsError as Error).message})`] : []),
      ];
      // Logged when it changes, not at every probe of the load balancer.
      const failure = failed.join('; ');
      if (failure !== lastFailure)
        log(failure ? `not ready: ${failure}` : 'ready again', { ready: !failure });
      lastFailure = failure;
      if (closing)
        return reply
          .code(503)
          .send({ status: 'unavailable', checks, error: 'The server is shutting down.' });
      if (failed.length === 0) return { status: 'ready' as const, checks };
      const names = [metadataError && 'the database', blobsError && 'the blob store'];
      return reply.code(503).send({
        status: 'unavailable',
        checks,
        error: `Not ready: ${names.filter(Boolean).join(' and ')} failed; the server log says why.`,
      });
    },
  );
};
