import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { RecordingSettings } from '@tapedeck/protocol/api';
import { describe } from '../http/schemas.js';
import { HttpError } from '../internal/HttpError.js';
import type { MetadataStore } from '../storage/MetadataStore.js';

/**
 * `GET /api/projects/:token/recording-config`: the project's recording settings for the SDK,
 * readable with the public ingestion token, cacheable for five minutes.
 */
export const recordingConfigRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
}> = async (app, { metadata }) => {
  app.get(
    '/api/projects/:token/recording-config',
    {
      schema: {
        ...describe(
          "The project's recording settings, for the SDK",
          'project token',
          RecordingSettings,
        ),
        security: [],
        params: Type.Object({
          token: Type.String({ maxLength: 200, description: 'The project token.' }),
        }),
      },
    },
    async (request, reply) => {
      const project = await metadata.projectByToken(request.params.token);
      if (!project)
        throw new HttpError(
          404,
          'Unknown project token: use the token the server printed at start.',
        );
      reply.header('Cache-Control', 'public, max-age=300');
      return metadata.getRecordingSettings(project.id);
    },
  );
};
