import { limits, validateChunk } from '@tapedeck/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decodeBody } from '../internal/decodeBody.js';
import { describeClient } from '../internal/describeClient.js';
import { HttpError } from '../internal/HttpError.js';
import type { Quota } from '../internal/Quota.js';
import type { IngestLimiter } from '../internal/RateLimiter.js';
import { storeChunk } from '../internal/storeChunk.js';
import type { BlobStore } from '../storage/BlobStore.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';

interface IngestQuery {
  token?: string;
  compression?: string;
}

function tokenOf(request: FastifyRequest<{ Querystring: IngestQuery }>): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = request.headers['x-tapedeck-token'];
  if (typeof header === 'string') return header;
  return request.query.token;
}

/**
 * `POST /s/`: one recording chunk per request, gzip or plain JSON (sendBeacon sends
 * text/plain). Answers 2xx only once the chunk and its session row are durable; a chunk
 * already stored is acknowledged again and not stored twice.
 */
export async function ingestRoutes(
  app: FastifyInstance,
  deps: { metadata: MetadataStore; blobs: BlobStore; limiter: IngestLimiter; quota: Quota },
): Promise<void> {
  const { metadata, blobs, limiter, quota } = deps;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.maxBodyBytes }, (_r, b, d) =>
    d(null, b),
  );
  app.decorateRequest('project', null);

  app.addHook('onRequest', async (request: FastifyRequest<{ Querystring: IngestQuery }>, reply) => {
    if (request.method === 'OPTIONS') return;
    const token = tokenOf(request);
    if (!token)
      throw new HttpError(
        401,
        'Missing project token: add ?token=<your project token> to the URL.',
      );
    const project = await metadata.projectByToken(token);
    if (!project)
      throw new HttpError(401, 'Unknown project token: use the token the server printed at start.');
    (request as FastifyRequest & { project: Project }).project = project;
    const wait = await limiter.take(project.id);
    if (wait > 0) {
      reply.header('Retry-After', String(wait));
      throw new HttpError(429, `Too many chunks for this project: retry in ${wait} s.`);
    }
    const untilReset = await quota.check(project.id);
    if (untilReset > 0) {
      reply.header('Retry-After', String(untilReset)).header('X-Tapedeck-Quota', 'exceeded');
      throw new HttpError(
        429,
        "The project's daily recording quota is used up: uploads resume tomorrow (UTC).",
      );
    }
  });

  app.post<{ Querystring: IngestQuery }>('/s/', async (request, reply) => {
    const project = (request as FastifyRequest & { project: Project }).project;
    const body = request.body;
    if (!Buffer.isBuffer(body))
      throw new HttpError(400, 'The body is empty: send a recording chunk.');
    const decoded = await decodeBody(body, request.query.compression === 'gzip');
    const result = validateChunk(decoded.value);
    if (!result.ok) throw new HttpError(400, `Invalid chunk: ${result.error}.`);
    const { added, bytes } = await storeChunk(
      { metadata, blobs },
      project.id,
      result.chunk,
      decoded,
      describeClient(request.headers['user-agent']),
    );
    if (added) quota.add(project.id, bytes);
    return reply.send({ ok: true, duplicate: !added });
  });
}
