import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreatedKey, KeyList, Me, NewKey, NumericIdParams } from '@tapedeck/protocol/api';
import { describe, describeCreated, describeEmpty } from '../http/schemas.js';
import { HttpError } from '../internal/HttpError.js';
import { hashKey, newKey } from '../internal/keys.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';

/**
 * - `GET /api/me`: the caller's key (name and role), for the viewer's login, and the project's
 *   public ingestion token (it is in every recorded page anyway), for the SDK snippet;
 * - `GET /api/keys`, `POST /api/keys` `{ name, role }` (the key is made here and shown
 *   once), `DELETE /api/keys/:id`: admin only.
 * No answer carries a key's hash: the response schemas list the fields that leave.
 */
export const keyRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  project: Project;
}> = async (app, { metadata, project }) => {
  app.get('/api/me', { schema: describe("The caller's key", 'any key', Me) }, async (request) => ({
    key: request.apiKey!,
    project: { name: project.name, token: project.token },
  }));

  const admin = { role: 'admin' as const };
  app.get(
    '/api/keys',
    {
      config: admin,
      schema: describe('List keys (never the keys, nor their hashes)', 'admin', KeyList),
    },
    async () => ({ keys: await metadata.listApiKeys(project.id) }),
  );

  app.post(
    '/api/keys',
    {
      config: admin,
      schema: {
        ...describeCreated('Make a key; the key is shown this once', 'admin', CreatedKey),
        body: NewKey,
      },
    },
    async (request, reply) => {
      const { name, role } = request.body;
      const key = newKey();
      const stored = await metadata.addApiKey(project.id, {
        name,
        role,
        hash: hashKey(key),
        prefix: key.slice(0, 8),
      });
      return reply.code(201).send({ ...stored, key });
    },
  );

  app.delete(
    '/api/keys/:id',
    {
      config: admin,
      schema: { ...describeEmpty('Revoke a key', 'admin'), params: NumericIdParams },
    },
    async (request, reply) => {
      if (!(await metadata.deleteApiKey(project.id, request.params.id)))
        throw new HttpError(404, `No key ${request.params.id} in this project.`);
      return reply.code(204).send(null);
    },
  );
};
