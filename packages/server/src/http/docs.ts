import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI document, generated from the route schemas as routes register (so this goes
 * first) and served at `GET /api/docs`.
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tapedeck',
        version: '1',
        description:
          'Session replay: ingestion (the public project token) and the query API (personal API keys: Authorization: Bearer tdk_…, role viewer, editor or admin). Errors are { "error": "what is wrong and what to do" }.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          projectToken: { type: 'apiKey', in: 'query', name: 'token' },
        },
      },
      security: [{ apiKey: [] }],
    },
    // Shared schemas keep their names in the document.
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  app.get(
    '/api/docs',
    {
      schema: {
        summary: 'This document (OpenAPI 3.1)',
        description: 'Who may call it: none.',
        security: [],
      },
    },
    async () => app.swagger(),
  );
}
