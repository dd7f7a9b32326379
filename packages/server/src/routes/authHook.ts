import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../internal/HttpError.js';
import { allows, hashKey, type Role, sameHash } from '../internal/keys.js';
import type { ApiKey, MetadataStore } from '../storage/MetadataStore.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role a route needs; default: viewer to read, editor to write. */
    role?: Role;
  }
  interface FastifyRequest {
    apiKey: ApiKey | null;
  }
}

/**
 * Every route registered after this in the same plugin needs a personal API key
 * (`Authorization: Bearer tdk_…`) of a role high enough: 401 without a valid key, 403 when
 * the role is too low.
 */
export function requireApiKey(app: FastifyInstance, metadata: MetadataStore): void {
  app.decorateRequest('apiKey', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const auth = request.headers.authorization;
    const key = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (!key)
      throw new HttpError(
        401,
        'This API needs a personal API key: send Authorization: Bearer <key>.',
      );
    const hash = hashKey(key);
    const found = await metadata.findApiKey(hash);
    if (!found || !sameHash(found.hash, hash))
      throw new HttpError(401, 'Unknown or revoked API key: ask an admin for a new one.');
    const needed =
      request.routeOptions.config.role ??
      (request.method === 'GET' || request.method === 'HEAD' ? 'viewer' : 'editor');
    if (!allows(found.role, needed))
      throw new HttpError(
        403,
        `This needs the ${needed} role; your key "${found.name}" is ${found.role}.`,
      );
    // The request keeps what may be shown: never the hash.
    const { hash: _hash, projectId: _projectId, ...shown } = found;
    request.apiKey = shown;
  });
}
