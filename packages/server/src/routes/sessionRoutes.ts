import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  DistinctIdParams,
  EventPage,
  EventPageQuery,
  type Filter,
  LinkedSessions,
  PersonWithSessions,
  SessionDetail,
  SessionIdParams,
  SessionListQuery,
  SessionPage,
  SessionSearch,
  SnapshotsQuery,
} from '@tapedeck/protocol/api';
import type { FastifyRequest } from 'fastify';
import { parseJson } from '../http/parseJson.js';
import { describe } from '../http/schemas.js';
import { HttpError } from '../internal/HttpError.js';
import type { LiveFeed, Watch } from '../internal/LiveFeed.js';
import { type Held, snapshotLines } from '../internal/snapshotLines.js';
import { TokenBuckets } from '../internal/TokenBuckets.js';
import { checkFilter } from '../query/checkFilter.js';
import type { BlobStore } from '../storage/BlobStore.js';
import type { MetadataStore, Project, SessionQuery } from '../storage/MetadataStore.js';

const MAX_FILTER_TEXT = 20_000;
/** Searches one key may run: the viewer asks every 10 s, a person clicking a few a second. */
const SEARCH_BUDGET = { perSecond: 5, burst: 50 };

/** One page of a session's markers stays under this many bytes of properties. */
const EVENT_PAGE_BYTES = 512 * 1024;

type Search = {
  filter?: Filter | undefined;
  order?: SessionQuery['order'];
  direction?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
};

const holdsInfinity = (value: unknown): boolean =>
  typeof value === 'number'
    ? !Number.isFinite(value)
    : typeof value === 'object' && value !== null && Object.values(value).some(holdsInfinity);

const toQuery = (input: Search): SessionQuery => ({
  limit: input.limit ?? 50,
  ...(input.filter ? { filter: checkFilter(input.filter) } : {}),
  ...(input.order ? { order: input.order } : {}),
  ...(input.direction ? { direction: input.direction } : {}),
  ...(input.cursor ? { cursor: input.cursor } : {}),
});

/**
 * The query API for recordings of `project`: search (GET with the filter as JSON text, or
 * POST with a JSON body), one session, its markers (paged), its chunks as NDJSON (streamed),
 * and a person with their sessions.
 */
export const sessionRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  blobs: BlobStore;
  project: Project;
  live: LiveFeed;
}> = async (app, { metadata, blobs, project, live }) => {
  // A search can read much of the index: each key gets a budget of them, so one key's
  // scripted searches cannot take the server from ingestion and everyone else.
  const searches = new TokenBuckets(SEARCH_BUDGET);
  const keyOf = (request: FastifyRequest) => String(request.apiKey?.id ?? request.ip);
  const admitSearch = (request: FastifyRequest) => {
    const key = keyOf(request);
    const wait = searches.wait(key);
    if (wait > 0)
      throw new HttpError(429, `Too many searches with this key: retry in ${wait} s.`, {
        'Retry-After': String(wait),
      });
    searches.take(key);
  };
  const list = async (query: SessionQuery) => {
    try {
      return await metadata.listSessions(project.id, query);
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(400, `cursor: ${error.message}.`);
      throw error;
    }
  };
  const exists = async (id: string) => {
    if (!(await metadata.getSession(project.id, id)))
      throw new HttpError(404, `No session ${id} in this project.`);
  };

  app.get(
    '/api/sessions',
    {
      schema: {
        ...describe('Search sessions (filter as JSON text)', 'viewer', SessionPage),
        querystring: SessionListQuery,
      },
      // The filter arrives as JSON text: parsed here, then checked by the schema like a body.
      preValidation: async (request) => {
        const query = request.query as Record<string, unknown>;
        if (typeof query.filter !== 'string') return;
        if (query.filter.length > MAX_FILTER_TEXT)
          throw new HttpError(
            400,
            `querystring.filter is longer than ${MAX_FILTER_TEXT} characters.`,
          );
        query.filter = parseJson(query.filter, 'filter');
        // This schema coerces types, and would read 1e400 (Infinity to JSON.parse, no number
        // to the schema) as the string "Infinity": refuse it, as the body's schema does.
        if (holdsInfinity(query.filter))
          throw new HttpError(
            400,
            'querystring.filter holds a number past ±1.7e308: use a smaller one.',
          );
      },
    },
    async (request) => {
      admitSearch(request);
      return list(toQuery(request.query as Search));
    },
  );

  app.post(
    '/api/sessions/search',
    {
      config: { role: 'viewer' },
      schema: { ...describe('Search sessions', 'viewer', SessionPage), body: SessionSearch },
    },
    async (request) => {
      admitSearch(request);
      return list(toQuery(request.body as Search));
    },
  );

  app.get(
    '/api/sessions/:id',
    {
      schema: {
        ...describe("A session's index row", 'viewer', SessionDetail),
        params: SessionIdParams,
      },
    },
    async (request) => {
      const session = await metadata.getSession(project.id, request.params.id);
      if (!session) throw new HttpError(404, `No session ${request.params.id} in this project.`);
      return { ...session, ...(await metadata.sessionDetails(project.id, session.id)) };
    },
  );

  app.get(
    '/api/sessions/:id/events',
    {
      schema: {
        ...describe('Timeline markers (custom events), a page at a time', 'viewer', EventPage),
        params: SessionIdParams,
        querystring: EventPageQuery,
      },
    },
    async (request) => {
      const { id } = request.params;
      await exists(id);
      const offset = request.query.offset ?? 0;
      const limit = request.query.limit ?? 1000;
      const rows = await metadata.listCustomEvents(project.id, id, { offset, limit: limit + 1 });
      const events = [];
      let bytes = 0;
      for (const event of rows.slice(0, limit)) {
        bytes += JSON.stringify(event.properties).length + event.name.length;
        if (events.length > 0 && bytes > EVENT_PAGE_BYTES) break;
        events.push(event);
      }
      const more = events.length < rows.length;
      return { events, next: more ? offset + events.length : null };
    },
  );

  app.get(
    '/api/sessions/:id/snapshots',
    {
      schema: {
        ...describe(
          'The recording as NDJSON (application/x-ndjson), one stored chunk per line ({ sessionId, windowId, seq, events, … }: each window of the session replays from its own chunks), in playback order, streamed. With follow=true and the session live, each chunk stored later follows as it is stored (empty lines keep a quiet stream open), and X-Tapedeck-Live says whether it follows; after= leaves out the chunks a reconnecting client has; 429 when the key or the server watches too many',
          'viewer',
          Type.String({ description: 'NDJSON: one chunk per line.' }),
        ),
        params: SessionIdParams,
        querystring: SnapshotsQuery,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const session = request.query.follow ? await metadata.getSession(project.id, id) : null;
      // Watching from before the chunks are listed: none stored in between is missed.
      let watch: Watch | undefined;
      if (session?.live) watch = live.watch(project.id, id, keyOf(request));
      const chunks = await metadata.listChunks(project.id, id).catch((error: unknown) => {
        watch?.close();
        throw error;
      });
      if (chunks.length === 0) {
        watch?.close();
        throw new HttpError(404, `No session ${id} in this project.`);
      }
      // The client gone, the watch ends (and frees its place) even while it waits.
      if (watch) reply.raw.once('close', watch.close);
      const follow = watch && { watch, limits: live.limits };
      const held = heldOf(request.query.after);
      const lines = snapshotLines({ metadata, blobs }, project.id, id, chunks, follow, held);
      // A client that lost the stream reconnects while this is true, and stops once it is false.
      if (request.query.follow) reply.header('X-Tapedeck-Live', String(Boolean(watch)));
      // A stream is sent as it is; the schema above documents it.
      return reply.type('application/x-ndjson').send(Readable.from(lines) as unknown as string);
    },
  );

  app.get(
    '/api/sessions/:id/linked',
    {
      schema: {
        ...describe(
          "The sessions around one: the same person's previous and next, the one it continues and those continuing it",
          'viewer',
          LinkedSessions,
        ),
        params: SessionIdParams,
      },
    },
    async (request) => {
      const linked = await metadata.linkedSessions(project.id, request.params.id);
      if (!linked) throw new HttpError(404, `No session ${request.params.id} in this project.`);
      return linked;
    },
  );

  app.get(
    '/api/persons/:distinctId',
    {
      schema: {
        ...describe('A person and their latest sessions (up to 500)', 'viewer', PersonWithSessions),
        params: DistinctIdParams,
      },
    },
    async (request) => {
      const { distinctId } = request.params;
      const person = await metadata.getPerson(project.id, distinctId);
      if (!person) throw new HttpError(404, `No person ${distinctId} in this project.`);
      const { sessions } = await list({ filter: { distinctId }, limit: 500 });
      return { ...person, sessions };
    },
  );
};

/** `after=windowId:seq,…` (its shape checked by the schema) as the last seq held per window. */
function heldOf(after: string | undefined): Held {
  const held = new Map<string, number>();
  for (const part of after ? after.split(',') : []) {
    const colon = part.lastIndexOf(':');
    held.set(part.slice(0, colon), Number(part.slice(colon + 1)));
  }
  return held;
}
