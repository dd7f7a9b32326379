import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../internal/HttpError.js';
import type { BlobStore } from '../storage/BlobStore.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';

const gunzipAsync = promisify(gunzip);
const SESSION_ID = /^[A-Za-z0-9_-]{1,100}$/;

function checkId(id: string): string {
  if (!SESSION_ID.test(id))
    throw new HttpError(400, 'Session ids contain only letters, digits, _ and -.');
  return id;
}

/**
 * The query API for recordings of `project`:
 * - `GET /api/sessions?limit=&cursor=`: newest first, cursor-paginated;
 * - `GET /api/sessions/:id`: one session's summary;
 * - `GET /api/sessions/:id/snapshots`: its chunks as NDJSON, one stored chunk per line
 *   (`{sessionId, windowId, seq, events: [...]}`) in playback order, streamed.
 */
export async function sessionRoutes(
  app: FastifyInstance,
  deps: { metadata: MetadataStore; blobs: BlobStore; project: Project },
): Promise<void> {
  const { metadata, blobs, project } = deps;

  app.get<{ Querystring: { limit?: string; cursor?: string } }>(
    '/api/sessions',
    async (request) => {
      const limit = request.query.limit === undefined ? 50 : Number(request.query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new HttpError(400, 'limit must be a whole number from 1 to 500.');
      try {
        return await metadata.listSessions(project.id, {
          limit,
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        });
      } catch (error) {
        if (error instanceof RangeError) throw new HttpError(400, `Bad cursor: ${error.message}.`);
        throw error;
      }
    },
  );

  app.get<{ Params: { id: string } }>('/api/sessions/:id', async (request) => {
    const session = await metadata.getSession(project.id, checkId(request.params.id));
    if (!session) throw new HttpError(404, `No session ${request.params.id} in this project.`);
    return session;
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id/snapshots', async (request, reply) => {
    const id = checkId(request.params.id);
    const chunks = await metadata.listChunks(project.id, id);
    if (chunks.length === 0) throw new HttpError(404, `No session ${id} in this project.`);
    async function* lines() {
      for (const chunk of chunks) {
        const text = (await gunzipAsync(await blobs.get(chunk.blobKey))).toString('utf8');
        // Stored as sent; a client may have pretty-printed it, and NDJSON needs one line.
        yield `${text.includes('\n') ? JSON.stringify(JSON.parse(text)) : text}\n`;
      }
    }
    return reply.type('application/x-ndjson').send(Readable.from(lines()));
  });
}
