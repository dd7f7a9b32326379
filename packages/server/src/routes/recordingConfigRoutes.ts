import type { FastifyInstance } from 'fastify';
import { HttpError } from '../internal/HttpError.js';
import type { MetadataStore } from '../storage/MetadataStore.js';

/**
 * `GET /api/projects/:token/recording-config`: the project's recording settings for the SDK,
 * readable with the public ingestion token, cacheable for five minutes.
 */
export async function recordingConfigRoutes(
  app: FastifyInstance,
  deps: { metadata: MetadataStore },
): Promise<void> {
  app.get<{ Params: { token: string } }>(
    '/api/projects/:token/recording-config',
    async (request, reply) => {
      const project = await deps.metadata.projectByToken(request.params.token);
      if (!project)
        throw new HttpError(
          404,
          'Unknown project token: use the token the server printed at start.',
        );
      reply.header('Cache-Control', 'public, max-age=300');
      return deps.metadata.getRecordingSettings(project.id);
    },
  );
}
