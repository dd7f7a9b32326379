import type { FastifyInstance } from 'fastify';
import { HttpError } from '../internal/HttpError.js';
import { hashKey, newKey, ROLES, type Role } from '../internal/keys.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';

/**
 * - `GET /api/me`: the caller's key (name and role), for the viewer's login;
 * - `GET /api/keys`, `POST /api/keys` `{ name, role }` (the key is shown once),
 *   `DELETE /api/keys/:id`: admin only.
 */
export async function keyRoutes(
  app: FastifyInstance,
  deps: { metadata: MetadataStore; project: Project },
): Promise<void> {
  const { metadata, project } = deps;
  app.get('/api/me', async (request) => ({ key: request.apiKey }));
  app.get('/api/keys', { config: { role: 'admin' } }, async () => ({
    keys: await metadata.listApiKeys(project.id),
  }));
  app.post<{ Body: { name?: unknown; role?: unknown } }>(
    '/api/keys',
    { config: { role: 'admin' } },
    async (request, reply) => {
      const { name, role } = request.body ?? {};
      if (typeof name !== 'string' || name.trim() === '' || name.length > 100)
        throw new HttpError(400, 'name must be a string of 1 to 100 characters.');
      if (!ROLES.includes(role as Role))
        throw new HttpError(400, `role must be one of ${ROLES.join(', ')}.`);
      const key = newKey();
      const stored = await metadata.addApiKey(project.id, {
        name,
        role: role as Role,
        hash: hashKey(key),
        prefix: key.slice(0, 8),
      });
      return reply.code(201).send({ ...stored, key });
    },
  );
  app.delete<{ Params: { id: string } }>(
    '/api/keys/:id',
    { config: { role: 'admin' } },
    async (request, reply) => {
      const id = Number(request.params.id);
      if (!Number.isInteger(id) || !(await metadata.deleteApiKey(project.id, id)))
        throw new HttpError(404, `No key ${request.params.id} in this project.`);
      return reply.code(204).send();
    },
  );
}
