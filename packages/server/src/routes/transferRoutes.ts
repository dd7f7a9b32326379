import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { limits, type RecordedEvent, unpackEvent, validateChunk } from '@tapedeck/protocol';
import {
  ExportQuery,
  ImportBody,
  ImportResult,
  SessionIdParams,
  WindowsExport,
} from '@tapedeck/protocol/api';
import { describe, describeCreated } from '../http/schemas.js';
import { describeClient } from '../internal/describeClient.js';
import type { GroupCommit } from '../internal/GroupCommit.js';
import { HttpError } from '../internal/HttpError.js';
import { readChunkText } from '../internal/readChunk.js';
import { storeChunk } from '../internal/storeChunk.js';
import { stringifyDeep } from '../internal/stringifyDeep.js';
import type { BlobStore } from '../storage/BlobStore.js';
import type { ChunkRef, MetadataStore, Project } from '../storage/MetadataStore.js';
import { fromPostHog, type ImportedWindows } from '../transfer/fromPostHog.js';

const IMPORT_LIMIT = 100 * 1024 * 1024;
const EVENTS_PER_CHUNK = 2000;
/** Imported chunks are cut near this size, well under what one stored chunk may hold. */
const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Plain rrweb JSON in and out, so recordings move between Tapedeck and any rrweb tool:
 * - `GET /api/sessions/:id/export`: the session's events as one JSON array (`?window=`: one
 *   window's, which any rrweb player replays), or with `?format=windows` each window (browser
 *   tab) apart with its id; streamed a chunk at a time (chunks in playback order, each chunk's
 *   events in time order), so a session of hundreds of MB never sits in memory;
 * - `POST /api/sessions/import` (editor): an array of rrweb events (or `{ events, distinctId }`),
 *   a `?format=windows` export, or a PostHog replay export file (each window kept, with its
 *   id), becomes a new session.
 */
export const transferRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  blobs: BlobStore;
  project: Project;
  group?: GroupCommit;
}> = async (app, { metadata, blobs, project, group }) => {
  app.get(
    '/api/sessions/:id/export',
    {
      schema: {
        ...describe(
          'The recording as plain rrweb JSON (an array of events; ?window= for one window), or ?format=windows each window apart; streamed',
          'viewer',
          Type.Union([Type.Array(Type.Unknown()), WindowsExport]),
        ),
        params: SessionIdParams,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { format = 'rrweb', window } = request.query;
      const all = await metadata.listChunks(project.id, id);
      if (all.length === 0) throw new HttpError(404, `No session ${id} in this project.`);
      const chunks = window === undefined ? all : all.filter((c) => c.windowId === window);
      if (chunks.length === 0)
        throw new HttpError(404, `No window ${window} in session ${id}: leave out ?window=.`);
      const events = async function* (list: ChunkRef[]) {
        let first = true;
        for (const chunk of list) {
          const text = await readChunkText(blobs, chunk);
          const part = (JSON.parse(text) as { events: RecordedEvent[] }).events;
          part.sort((a, b) => a.timestamp - b.timestamp);
          for (const event of part) {
            // Stored as sent; rrweb's own form (DOM nodes expanded) for any rrweb player.
            yield `${first ? '' : ','}${stringifyDeep(unpackEvent(event))}`;
            first = false;
          }
        }
      };
      async function* parts() {
        if (format === 'rrweb') {
          yield '[';
          yield* events(chunks);
          yield ']';
          return;
        }
        // Each window apart, its chunks in playback order: read once, never all at once.
        const session = await metadata.getSession(project.id, id);
        const person = session?.distinctId
          ? `"distinctId":${JSON.stringify(session.distinctId)},`
          : '';
        yield `{${person}"windows":[`;
        const windows = [...new Set(chunks.map((c) => c.windowId))];
        for (const [i, windowId] of windows.entries()) {
          yield `${i ? ',' : ''}{"windowId":${JSON.stringify(windowId)},"events":[`;
          yield* events(chunks.filter((c) => c.windowId === windowId));
          yield ']}';
        }
        yield ']}';
      }
      const name = `tapedeck-${id}${window ? `-${window}` : ''}${format === 'windows' ? '-windows' : ''}`;
      return reply
        .header('Content-Disposition', `attachment; filename="${name}.json"`)
        .type('application/json')
        .send(Readable.from(parts()) as unknown as unknown[]);
    },
  );

  app.post(
    '/api/sessions/import',
    {
      bodyLimit: IMPORT_LIMIT,
      schema: {
        ...describeCreated('Import rrweb JSON as a new session', 'editor', ImportResult),
        body: ImportBody,
      },
    },
    async (request, reply) => {
      const input = readImport(request.body);
      const all = input.windows.flatMap((w) => w.events);
      if (!all.some((e) => e.type === 2))
        throw new HttpError(
          400,
          'The events have no full snapshot (type 2), so they could not be replayed.',
        );
      const sessionId = randomUUID();
      const chunks = [];
      for (const { windowId, events } of input.windows) {
        let at = 0;
        for (const [seq, part] of cut(events).entries()) {
          const chunk = {
            sessionId,
            windowId,
            seq,
            sentAt: Date.now(),
            sdk: input.sdk,
            ...(input.distinctId ? { distinctId: input.distinctId } : {}),
            events: part,
          };
          const checked = validateChunk(chunk);
          if (!checked.ok)
            throw new HttpError(
              400,
              `Invalid ${input.windows.length > 1 ? `window ${windowId}: ` : ''}${checked.error.replace(/^events\[(\d+)\]/, (_m, i) => `events[${at + Number(i)}]`)}.`,
            );
          at += part.length;
          const text = JSON.stringify(chunk);
          if (text.length > limits.maxDecompressedBytes)
            throw new HttpError(413, 'An imported chunk is too large.');
          chunks.push({ chunk: checked.chunk, text });
        }
      }
      for (const { chunk, text } of chunks)
        await storeChunk(
          { metadata, blobs, group },
          project.id,
          chunk,
          { text, gzipped: null },
          describeClient(undefined),
        );
      return reply.code(201).send({ sessionId, events: all.length, chunks: chunks.length });
    },
  );
};

/** Each window's events, from plain rrweb JSON (one window, `import`) or a PostHog export. */
function readImport(
  body: ImportBody,
): ImportedWindows & { sdk: { name: string; version: string } } {
  if ('version' in body)
    return { ...fromPostHog(body), sdk: { name: 'posthog-import', version: body.version } };
  if ('windows' in body)
    return { ...fromWindows(body), sdk: { name: 'tapedeck-import', version: '1' } };
  const input = Array.isArray(body) ? { events: body, distinctId: undefined } : body;
  const events = [...(input.events as RecordedEvent[])].sort((a, b) => a.timestamp - b.timestamp);
  return {
    ...(input.distinctId ? { distinctId: input.distinctId } : {}),
    windows: [{ windowId: 'import', events }],
    sdk: { name: 'rrweb-import', version: '1' },
  };
}

/** A `?format=windows` export: each window's events in time order, a window named twice once. */
function fromWindows(body: WindowsExport): ImportedWindows {
  const byWindow = new Map<string, RecordedEvent[]>();
  for (const { windowId, events } of body.windows)
    byWindow.set(windowId, [...(byWindow.get(windowId) ?? []), ...(events as RecordedEvent[])]);
  return {
    ...(body.distinctId ? { distinctId: body.distinctId } : {}),
    windows: [...byWindow].map(([windowId, events]) => ({
      windowId,
      events: events.sort((a, b) => a.timestamp - b.timestamp),
    })),
  };
}

/** Events in chunks of at most EVENTS_PER_CHUNK events and about CHUNK_BYTES of JSON. */
function cut(events: RecordedEvent[]): RecordedEvent[][] {
  const parts: RecordedEvent[][] = [];
  let part: RecordedEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = JSON.stringify(event).length;
    if (part.length > 0 && (part.length >= EVENTS_PER_CHUNK || bytes + size > CHUNK_BYTES)) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(event);
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
