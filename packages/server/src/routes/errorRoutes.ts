import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorGroupDetail,
  ErrorGroupId,
  ErrorGroupPage,
  ErrorGroupQuery,
  MAX_SOURCE_MAP_BYTES,
  SourceMapList,
  SourceMapStored,
  SourceMapUpload,
} from '@tapedeck/protocol/api';
import { describe, describeCreated } from '../http/schemas.js';
import { checkSourceMap } from '../internal/checkSourceMap.js';
import { HttpError } from '../internal/HttpError.js';
import { parseStack } from '../internal/parseStack.js';
import { mapKeyOf, mapPathOf, resolveFrames } from '../internal/resolveStack.js';
import type { BlobStore } from '../storage/BlobStore.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const MAX_GROUP_SESSIONS = 200;

/**
 * Error groups (fingerprinted at ingestion), each with its sessions at the moment of the
 * error and its stack resolved with uploaded source maps; and the source map upload.
 */
export const errorRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  blobs: BlobStore;
  project: Project;
}> = async (app, { metadata, blobs, project }) => {
  const insights = metadata.insights;
  const loadMap = async (key: string) => (await gunzipAsync(await blobs.get(key))).toString('utf8');

  app.get(
    '/api/errors',
    {
      schema: {
        ...describe('Error groups, most recently seen first', 'viewer', ErrorGroupPage),
        querystring: ErrorGroupQuery,
      },
    },
    async (request) => {
      const { limit = 50, offset = 0 } = request.query;
      const rows = await insights.listErrorGroups(project.id, { limit: limit + 1, offset });
      const groups = rows.slice(0, limit);
      return { groups, next: rows.length > limit ? offset + limit : null };
    },
  );

  app.get(
    '/api/errors/:id',
    {
      schema: {
        ...describe(
          'An error group: its stack resolved through source maps, and its sessions at the moment of the error',
          'viewer',
          ErrorGroupDetail,
        ),
        params: ErrorGroupId,
      },
    },
    async (request) => {
      const group = await insights.getErrorGroup(project.id, request.params.id);
      if (!group) throw new HttpError(404, `No error group ${request.params.id} in this project.`);
      const raw = parseStack(group.stack);
      const files = [
        ...new Set(raw.flatMap((f) => (f.file ? [mapKeyOf(f.file), mapPathOf(f.file)] : []))),
      ];
      const maps = await insights.findSourceMaps(project.id, files.slice(0, 100), group.release);
      const frames = await resolveFrames(raw, maps, loadMap);
      const sessions = await insights.errorSessions(project.id, group.id, MAX_GROUP_SESSIONS);
      return { group: { ...group, frames }, sessions };
    },
  );

  app.post(
    '/api/sourcemaps',
    {
      config: { role: 'editor' },
      // The map travels as JSON text inside JSON: room for its escapes.
      bodyLimit: MAX_SOURCE_MAP_BYTES + 4 * 1024 * 1024,
      schema: {
        ...describeCreated(
          'Upload a source map for a minified file (and release); stacks are resolved with it',
          'editor',
          SourceMapStored,
        ),
        body: SourceMapUpload,
      },
    },
    async (request, reply) => {
      const { release = null, url, map } = request.body;
      const text = checkSourceMap(map as string | Record<string, unknown>);
      if (Buffer.byteLength(text) > MAX_SOURCE_MAP_BYTES)
        throw new HttpError(
          413,
          `The source map is larger than the limit of ${MAX_SOURCE_MAP_BYTES} bytes.`,
        );
      const hash = createHash('sha256').update(text).digest('hex').slice(0, 40);
      const blobKey = `sourcemaps/${project.id}/${hash}.map.gz`;
      await blobs.put(blobKey, await gzipAsync(text));
      const sizeBytes = Buffer.byteLength(text);
      await insights.putSourceMap(project.id, { release, url: mapKeyOf(url), blobKey, sizeBytes });
      return reply
        .code(201)
        .send({ release, url: mapKeyOf(url), sizeBytes, uploadedAt: Date.now() });
    },
  );

  app.get(
    '/api/sourcemaps',
    { schema: describe('The source maps uploaded, latest first', 'viewer', SourceMapList) },
    async () => ({ sourcemaps: await insights.listSourceMaps(project.id, 1000) }),
  );
};
