import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { limits, validateChunk } from '@tapedeck/protocol';
import { StringEnum } from '@tapedeck/protocol/api';
import type { FastifyRequest } from 'fastify';
import { describe } from '../http/schemas.js';
import { decodeBody } from '../internal/decodeBody.js';
import { describeClient } from '../internal/describeClient.js';
import type { FairShare } from '../internal/FairShare.js';
import { HttpError } from '../internal/HttpError.js';
import type { Quota } from '../internal/Quota.js';
import { onServerClock } from '../internal/serverTime.js';
import { checkSessionLimits, type SessionLimits } from '../internal/sessionLimits.js';
import { storeChunk } from '../internal/storeChunk.js';
import type { BlobStore } from '../storage/BlobStore.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';

const IngestQuery = Type.Object({
  token: Type.Optional(
    Type.String({ maxLength: 200, description: 'The project token (or Authorization: Bearer).' }),
  ),
  compression: Type.Optional(StringEnum(['gzip'] as const, 'The body is gzip.')),
});

const Acknowledged = Type.Object({
  ok: Type.Literal(true),
  duplicate: Type.Boolean({ description: 'The chunk was stored before; stored once.' }),
});

function tokenOf(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = request.headers['x-tapedeck-token'];
  if (typeof header === 'string') return header;
  return (request.query as { token?: string }).token;
}

/**
 * `POST /s/`: one recording chunk per request, gzip or plain JSON (sendBeacon sends
 * text/plain). Answers 2xx only once the chunk and its session row are durable; a chunk
 * already stored is acknowledged again and not stored twice. Budgets per client address,
 * session and project, and caps per session, answer 429 with the reason.
 */
export const ingestRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  blobs: BlobStore;
  fairShare: FairShare;
  sessionLimits: SessionLimits;
  quota: Quota;
}> = async (app, { metadata, blobs, fairShare, sessionLimits, quota }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.maxBodyBytes }, (_r, b, d) =>
    d(null, b),
  );
  app.decorateRequest('project', null);

  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS') return;
    fairShare.admitClient(request.ip);
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
    const untilReset = await quota.check(project.id);
    if (untilReset > 0)
      throw new HttpError(
        429,
        "The project's daily recording quota is used up: uploads resume tomorrow (UTC).",
        { 'Retry-After': String(untilReset), 'X-Tapedeck-Quota': 'exceeded' },
      );
  });

  app.post(
    '/s/',
    {
      schema: {
        ...describe(
          'Ingest one recording chunk: a RecordingChunk of @tapedeck/protocol as JSON, gzip or plain (text/plain needs no CORS preflight); 2xx once durable',
          'project token',
          Acknowledged,
        ),
        querystring: IngestQuery,
      },
    },
    async (request) => {
      const project = (request as FastifyRequest & { project: Project }).project;
      const body = request.body;
      if (!Buffer.isBuffer(body))
        throw new HttpError(400, 'The body is empty: send a recording chunk.');
      const decoded = await decodeBody(body, request.query.compression === 'gzip');
      fairShare.chargeClient(request.ip, decoded.text.length);
      const result = validateChunk(decoded.value);
      if (!result.ok) throw new HttpError(400, `Invalid chunk: ${result.error}.`);
      await fairShare.admitChunk(project.id, result.chunk.sessionId);
      const placed = onServerClock(result.chunk, Date.now());
      // A chunk moved onto the server's clock is stored as moved, so replay and index agree.
      const text = placed.moved ? { text: JSON.stringify(placed.chunk), gzipped: null } : decoded;
      const { added, bytes } = await storeChunk(
        { metadata, blobs },
        project.id,
        placed.chunk,
        text,
        describeClient(request.headers['user-agent']),
        async (summary) =>
          checkSessionLimits(
            await metadata.sessionUsage(project.id, placed.chunk.sessionId),
            {
              bytes: summary.sizeBytes,
              urls: summary.urls.length,
              events: summary.customEvents.length,
            },
            sessionLimits,
          ),
      );
      if (added) quota.add(project.id, bytes);
      return { ok: true as const, duplicate: !added };
    },
  );
};
