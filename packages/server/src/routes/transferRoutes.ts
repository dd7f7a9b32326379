import { randomUUID } from 'node:crypto';
import { limits, type RecordedEvent, validateChunk } from '@tapedeck/protocol';
import type { FastifyInstance } from 'fastify';
import { describeClient } from '../internal/describeClient.js';
import { HttpError } from '../internal/HttpError.js';
import { readChunkText } from '../internal/readChunk.js';
import { storeChunk } from '../internal/storeChunk.js';
import type { BlobStore } from '../storage/BlobStore.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';
import { SESSION_ID } from './common.js';

const IMPORT_LIMIT = 100 * 1024 * 1024;
const EVENTS_PER_CHUNK = 2000;

/**
 * Plain rrweb JSON in and out, so recordings move between Tapedeck and any rrweb tool:
 * - `GET /api/sessions/:id/export`: the session's events, in time order, as one JSON array;
 * - `POST /api/sessions/import` (editor): an array of rrweb events (or `{ events, distinctId }`)
 *   becomes a new session.
 */
export async function transferRoutes(
  app: FastifyInstance,
  deps: { metadata: MetadataStore; blobs: BlobStore; project: Project },
): Promise<void> {
  const { metadata, blobs, project } = deps;

  app.get<{ Params: { id: string } }>('/api/sessions/:id/export', async (request, reply) => {
    const { id } = request.params;
    const chunks = SESSION_ID.test(id) ? await metadata.listChunks(project.id, id) : [];
    if (chunks.length === 0) throw new HttpError(404, `No session ${id} in this project.`);
    const events: RecordedEvent[] = [];
    for (const chunk of chunks) {
      const text = await readChunkText(blobs, chunk);
      events.push(...(JSON.parse(text) as { events: RecordedEvent[] }).events);
    }
    events.sort((a, b) => a.timestamp - b.timestamp);
    return reply
      .header('Content-Disposition', `attachment; filename="tapedeck-${id}.json"`)
      .type('application/json')
      .send(JSON.stringify(events));
  });

  app.post('/api/sessions/import', { bodyLimit: IMPORT_LIMIT }, async (request, reply) => {
    const body = request.body as unknown;
    const input = Array.isArray(body)
      ? { events: body }
      : (body as { events?: unknown; distinctId?: unknown });
    if (!input || !Array.isArray(input.events) || input.events.length < 2)
      throw new HttpError(
        400,
        'Send a JSON array of rrweb events (at least a Meta and a full snapshot), or { events, distinctId }.',
      );
    const events = [...(input.events as RecordedEvent[])].sort((a, b) => a.timestamp - b.timestamp);
    if (!events.some((e) => e?.type === 2))
      throw new HttpError(
        400,
        'The events have no full snapshot (type 2), so they could not be replayed.',
      );
    const sessionId = randomUUID();
    const chunks = [];
    for (let seq = 0; seq * EVENTS_PER_CHUNK < events.length; seq++) {
      const chunk = {
        sessionId,
        windowId: 'import',
        seq,
        sentAt: Date.now(),
        sdk: { name: 'rrweb-import', version: '1' },
        ...(typeof input.distinctId === 'string' ? { distinctId: input.distinctId } : {}),
        events: events.slice(seq * EVENTS_PER_CHUNK, (seq + 1) * EVENTS_PER_CHUNK),
      };
      const checked = validateChunk(chunk);
      if (!checked.ok)
        throw new HttpError(
          400,
          `Invalid events: ${checked.error.replace(/^events\[(\d+)\]/, (_m, i) => `events[${seq * EVENTS_PER_CHUNK + Number(i)}]`)}.`,
        );
      const text = JSON.stringify(chunk);
      if (text.length > limits.maxDecompressedBytes)
        throw new HttpError(413, 'An imported chunk is too large.');
      chunks.push({ chunk: checked.chunk, text });
    }
    for (const { chunk, text } of chunks)
      await storeChunk(
        { metadata, blobs },
        project.id,
        chunk,
        { text, gzipped: null },
        describeClient(undefined),
      );
    return reply.code(201).send({ sessionId, events: events.length, chunks: chunks.length });
  });
}
