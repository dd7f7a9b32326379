import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../internal/HttpError.js';
import { readChunkText } from '../internal/readChunk.js';
import { validateFilter } from '../query/Filter.js';
import type { BlobStore } from '../storage/BlobStore.js';
import type {
  MetadataStore,
  Project,
  SessionOrder,
  SessionQuery,
} from '../storage/MetadataStore.js';
import { ORDERS, SESSION_ID } from './common.js';

function checkId(id: string): string {
  if (!SESSION_ID.test(id))
    throw new HttpError(400, 'Session ids contain only letters, digits, _ and -.');
  return id;
}

interface QueryInput {
  filter?: unknown;
  order?: unknown;
  direction?: unknown;
  limit?: unknown;
  cursor?: unknown;
}

/** Turns query parameters or a search body into a checked SessionQuery. */
function sessionQuery(input: QueryInput, filterIsJson: boolean): SessionQuery {
  const limit = input.limit === undefined ? 50 : Number(input.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new HttpError(400, 'limit must be a whole number from 1 to 500.');
  if (input.order !== undefined && !ORDERS.includes(input.order as SessionOrder))
    throw new HttpError(400, `order must be one of ${ORDERS.join(', ')}.`);
  if (input.direction !== undefined && input.direction !== 'asc' && input.direction !== 'desc')
    throw new HttpError(400, 'direction must be asc or desc.');
  if (input.cursor !== undefined && typeof input.cursor !== 'string')
    throw new HttpError(400, 'cursor must be the string a previous page gave as next.');
  let filter = input.filter;
  if (filterIsJson && typeof filter === 'string') {
    try {
      filter = JSON.parse(filter);
    } catch {
      throw new HttpError(400, 'filter must be JSON, e.g. {"has":"rageClicks"}.');
    }
  }
  return {
    limit,
    ...(filter !== undefined ? { filter: validateFilter(filter) } : {}),
    ...(input.order ? { order: input.order as SessionOrder } : {}),
    ...(input.direction ? { direction: input.direction as 'asc' | 'desc' } : {}),
    ...(input.cursor ? { cursor: input.cursor as string } : {}),
  };
}

/**
 * The query API for recordings of `project`:
 * - `GET /api/sessions?filter=<json>&order=&direction=&limit=&cursor=` and
 *   `POST /api/sessions/search` (the same as a JSON body): filtered, ordered, paginated;
 * - `GET /api/sessions/:id`: one session's summary;
 * - `GET /api/sessions/:id/events`: its timeline markers (custom events), without snapshots;
 * - `GET /api/sessions/:id/snapshots`: its chunks as NDJSON, one stored chunk per line
 *   (`{sessionId, windowId, seq, events: [...]}`) in playback order, streamed;
 * - `GET /api/persons/:distinctId`: a person, with their sessions.
 */
export async function sessionRoutes(
  app: FastifyInstance,
  deps: { metadata: MetadataStore; blobs: BlobStore; project: Project },
): Promise<void> {
  const { metadata, blobs, project } = deps;

  const list = async (query: SessionQuery) => {
    try {
      return await metadata.listSessions(project.id, query);
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(400, `Bad cursor: ${error.message}.`);
      throw error;
    }
  };

  app.get<{ Querystring: QueryInput }>('/api/sessions', async (request) =>
    list(sessionQuery(request.query, true)),
  );
  app.post<{ Body: QueryInput }>('/api/sessions/search', async (request) => {
    if (typeof request.body !== 'object' || request.body === null)
      throw new HttpError(400, 'Send a JSON body like {"filter": {...}, "order": "start"}.');
    return list(sessionQuery(request.body, false));
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id', async (request) => {
    const session = await metadata.getSession(project.id, checkId(request.params.id));
    if (!session) throw new HttpError(404, `No session ${request.params.id} in this project.`);
    return { ...session, ...(await metadata.sessionDetails(project.id, session.id)) };
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id/events', async (request) => {
    const id = checkId(request.params.id);
    if (!(await metadata.getSession(project.id, id)))
      throw new HttpError(404, `No session ${id} in this project.`);
    return { events: await metadata.listCustomEvents(project.id, id) };
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id/snapshots', async (request, reply) => {
    const id = checkId(request.params.id);
    const chunks = await metadata.listChunks(project.id, id);
    if (chunks.length === 0) throw new HttpError(404, `No session ${id} in this project.`);
    async function* lines() {
      for (const chunk of chunks) {
        const text = await readChunkText(blobs, chunk);
        // Stored as sent; a client may have pretty-printed it, and NDJSON needs one line.
        yield `${text.includes('\n') ? JSON.stringify(JSON.parse(text)) : text}\n`;
      }
    }
    return reply.type('application/x-ndjson').send(Readable.from(lines()));
  });

  app.get<{ Params: { distinctId: string } }>('/api/persons/:distinctId', async (request) => {
    const { distinctId } = request.params;
    const person = await metadata.getPerson(project.id, distinctId);
    if (!person) throw new HttpError(404, `No person ${distinctId} in this project.`);
    const { sessions } = await metadata.listSessions(project.id, {
      filter: { distinctId },
      limit: 500,
    });
    return { ...person, sessions };
  });
}
