import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SessionIdParams, SessionVitals, VitalsQuery, VitalsSummary } from '@tapedeck/protocol/api';
import { describe } from '../http/schemas.js';
import { HttpError } from '../internal/HttpError.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';

/** Web Vitals: per URL with web.dev's p75, and one session's page views. */
export const vitalsRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  project: Project;
}> = async (app, { metadata, project }) => {
  app.get(
    '/api/vitals',
    {
      schema: {
        ...describe(
          'Web Vitals per URL: p75 of page views and how they rate (web.dev thresholds)',
          'viewer',
          VitalsSummary,
        ),
        querystring: VitalsQuery,
      },
    },
    async (request) => {
      const { from, to, limit = 100 } = request.query;
      return { urls: await metadata.insights.vitalsSummary(project.id, { from, to, limit }) };
    },
  );

  app.get(
    '/api/sessions/:id/vitals',
    {
      schema: {
        ...describe(
          "A session's Web Vitals, one per page view and metric",
          'viewer',
          SessionVitals,
        ),
        params: SessionIdParams,
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await metadata.getSession(project.id, id)))
        throw new HttpError(404, `No session ${id} in this project.`);
      return { samples: await metadata.insights.sessionVitals(project.id, id) };
    },
  );
};
