import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { limits, validateChunk } from '@tapedeck/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decodeBody } from '../internal/decodeBody.js';
import { describeClient } from '../internal/describeClient.js';
import { HttpError } from '../internal/HttpError.js';
import { summarizeChunk } from '../internal/summarizeChunk.js';
import type { BlobStore } from '../storage/BlobStore.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';

const gzipAsync = promisify(gzip);

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
  deps: { metadata: MetadataStore; blobs: BlobStore },
): Promise<void> {
  const { metadata, blobs } = deps;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.maxBodyBytes }, (_r, b, d) =>
    d(null, b),
  );
  app.decorateRequest('project', null);

  app.addHook('onRequest', async (request: FastifyRequest<{ Querystring: IngestQuery }>) => {
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
  });

  app.post<{ Querystring: IngestQuery }>('/s/', async (request, reply) => {
    const project = (request as FastifyRequest & { project: Project }).project;
    const body = request.body;
    if (!Buffer.isBuffer(body))
      throw new HttpError(400, 'The body is empty: send a recording chunk.');
    const decoded = await decodeBody(body, request.query.compression === 'gzip');
    const result = validateChunk(decoded.value);
    if (!result.ok) throw new HttpError(400, `Invalid chunk: ${result.error}.`);
    const { chunk } = result;
    const key = {
      projectId: project.id,
      sessionId: chunk.sessionId,
      windowId: chunk.windowId,
      seq: chunk.seq,
    };
    if (await metadata.hasChunk(key)) return reply.send({ ok: true, duplicate: true });
    const stored = decoded.gzipped ?? (await gzipAsync(decoded.text));
    const blobKey = `${project.id}/${chunk.sessionId}/${chunk.windowId}/${chunk.seq}.json.gz`;
    await blobs.put(blobKey, stored);
    const summary = summarizeChunk(
      chunk,
      { key: blobKey, size: stored.length },
      describeClient(request.headers['user-agent']),
    );
    const added = await metadata.addChunk(key, summary);
    return reply.send({ ok: true, duplicate: !added });
  });
}
