import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { limits } from '@tapedeck/protocol';
import { StringEnum } from '@tapedeck/protocol/api';
import type { FastifyRequest } from 'fastify';
import { readBody } from '../http/readBody.js';
import { describe } from '../http/schemas.js';
import { DecodePool, defaultDecodeThreads } from '../internal/DecodePool.js';
import type { FairShare } from '../internal/FairShare.js';
import type { GroupCommit } from '../internal/GroupCommit.js';
import { HttpError } from '../internal/HttpError.js';
import { ingestOutcome } from '../internal/ingestOutcome.js';
import type { LiveFeed } from '../internal/LiveFeed.js';
import type { Metrics } from '../internal/Metrics.js';
import type { Places } from '../internal/places/Places.js';
import type { Quota } from '../internal/Quota.js';
import { checkSessionLimits, type SessionLimits } from '../internal/sessionLimits.js';
import { storeDecodedChunk } from '../internal/storeChunk.js';
import { Turns } from '../internal/Turns.js';
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

/** What the handler stored, for the metrics: set on a 2xx. */
type Ingested = { duplicate: boolean; bytes: number };
type IngestRequest = FastifyRequest & {
  project: Project;
  ingested: Ingested | null;
  /** `request.ip`, worked out once (behind a trusted proxy it parses addresses each time). */
  client: string;
};

/** The token, from the header or the URL; this hook runs before the query is validated. */
function tokenOf(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = request.headers['x-tapedeck-token'];
  if (typeof header === 'string') return header;
  const token: unknown = (request.query as { token?: unknown }).token;
  if (token === undefined || typeof token === 'string') return token;
  throw new HttpError(400, 'The project token is given more than once: give ?token= once.');
}

/**
 * Requests of one client address handled at once. Many visitors behind one address (an
 * office) still get ~4 / the ~5 ms a chunk takes: more than the address's rate budget.
 */
const TURNS_PER_CLIENT = 4;

/** Decode threads: `TAPEDECK_DECODE_THREADS` (0 decodes on the event loop), else one a core. */
function decodeThreads(): number {
  const given = process.env.TAPEDECK_DECODE_THREADS;
  return given && /^\d+$/.test(given) ? Number(given) : defaultDecodeThreads();
}

/**
 * `POST /s/`: one recording chunk per request, gzip or plain JSON (sendBeacon sends
 * text/plain). Answers 2xx only once the chunk and its session row are durable; a chunk
 * already stored is acknowledged again and not stored twice. Budgets per client address,
 * session and project, and caps per session, answer 429 with the reason. Bodies are
 * decoded, validated and summarised on worker threads (see DecodePool).
 */
export const ingestRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  blobs: BlobStore;
  group: GroupCommit;
  fairShare: FairShare;
  sessionLimits: SessionLimits;
  quota: Quota;
  live: LiveFeed;
  /** The client's country for the session; null looks nothing up. */
  places: Places | null;
  metrics: Metrics;
}> = async (
  app,
  { metadata, blobs, group, fairShare, sessionLimits, quota, live, places, metrics },
) => {
  app.removeAllContentTypeParsers();
  // Read here rather than by Fastify, which cuts the connection of a body past the limit
  // while its client is still sending: that client sees a broken pipe, not the 413.
  app.addContentTypeParser('*', (_request: FastifyRequest, payload: IncomingMessage) =>
    readBody(payload, limits.maxBodyBytes),
  );
  app.decorateRequest('project', null);
  app.decorateRequest('ingested', null);
  app.decorateRequest('client', '');
  const pool = new DecodePool(decodeThreads());
  const projects = new Map<string, { project: Project; until: number }>();
  const turns = new Turns(TURNS_PER_CLIENT);
  app.addHook('onClose', () => pool.close());

  // Every answer counts, refusals in the hook below included.
  app.addHook('onResponse', async (request, reply) => {
    if (request.method === 'OPTIONS') return;
    const ingested = (request as IngestRequest).ingested;
    const outcome = ingestOutcome(
      reply.statusCode,
      (name) => reply.getHeader(name),
      ingested?.duplicate ?? false,
    );
    const received = Buffer.isBuffer(request.body) ? request.body.length : 0;
    metrics.ingest(outcome, reply.elapsedTime / 1000, received, ingested?.bytes ?? 0);
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS') return;
    // A body without a Content-Type, or with an empty one (curl --data-binary, a hand-written
    // client), is read as the recorder's text/plain: gzip or JSON is told by its bytes.
    request.headers['content-type'] ||= 'text/plain';
    const client = request.ip;
    (request as IngestRequest).client = client;
    fairShare.admitClient(client);
    const token = tokenOf(request);
    if (!token)
      throw new HttpError(
        401,
        'Missing project token: add ?token=<your project token> to the URL.',
      );
    const now = Date.now();
    const known = projects.get(token);
    const fresh = known !== undefined && known.until > now;
    const project = fresh ? known.project : await metadata.projectByToken(token);
    if (!project)
      throw new HttpError(401, 'Unknown project token: use the token the server printed at start.');
    (request as FastifyRequest & { project: Project }).project = project;
    // Known tokens are remembered for a minute (a token changes only when a server starts
    // with another); unknown ones are not, so guesses cannot fill this.
    if (!fresh && (known || projects.size < 1000))
      projects.set(token, { project, until: now + 60_000 });
    const untilReset = await quota.check(project.id);
    if (untilReset > 0)
      throw new HttpError(
        429,
        "The project's daily recording quota is used up: uploads resume tomorrow (UTC).",
        { 'Retry-After': String(untilReset), 'X-Tapedeck-Quota': 'exceeded' },
      );
    // Its body is read once its address has a turn: an address with many connections open
    // waits behind itself (and its sockets fill), not in front of others.
    const { turn, done } = turns.enter(fairShare.clientKey(client));
    reply.raw.once('close', done);
    await turn;
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
      const { project, client } = request as IngestRequest;
      const body = request.body;
      if (!Buffer.isBuffer(body))
        throw new HttpError(400, 'The body is empty: send a recording chunk.');
      // The address (the connection's, or a trusted proxy's X-Forwarded-For) is looked up
      // beside the decode and dropped: only its country reaches the session.
      const country = places ? places.country(client) : Promise.resolve(null);
      const decoded = await pool.decode(
        {
          body,
          declaredGzip: request.query.compression === 'gzip',
          projectId: project.id,
          receivedAt: Date.now(),
          userAgent: request.headers['user-agent'],
        },
        fairShare.clientKey(client),
      );
      fairShare.chargeClient(client, decoded.ok ? decoded.chunk.jsonChars : decoded.jsonChars);
      if (!decoded.ok) throw new HttpError(decoded.status, decoded.message, decoded.headers);
      const { chunk } = decoded;
      chunk.summary.country = await country;
      await fairShare.admitChunk(project.id, chunk.key.sessionId);
      const { added, bytes } = await storeDecodedChunk(
        { metadata, blobs, group },
        chunk,
        (summary, usage) =>
          checkSessionLimits(
            usage,
            {
              bytes: summary.sizeBytes,
              urls: summary.urls.length,
              events: summary.customEvents.length,
            },
            sessionLimits,
          ),
      );
      if (added) {
        quota.add(project.id, bytes);
        // Watchers of the session in this process read it now (other replicas' poll).
        live.notify(project.id, chunk.key.sessionId);
      }
      (request as IngestRequest).ingested = { duplicate: !added, bytes };
      return { ok: true as const, duplicate: !added };
    },
  );
};
