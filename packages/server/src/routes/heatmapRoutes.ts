import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Heatmap,
  HeatmapQuery,
  HeatmapSessions,
  HeatmapSessionsQuery,
  HeatmapUrls,
  HeatmapUrlsQuery,
} from '@tapedeck/protocol/api';
import { describe } from '../http/schemas.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';

/** Heatmaps of a page: clicks by element and point, scroll depth, and who clicked what. */
export const heatmapRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  project: Project;
}> = async (app, { metadata, project }) => {
  app.get(
    '/api/heatmaps',
    {
      schema: {
        ...describe(
          'A page’s heatmap: clicks, rage and dead clicks by element selector, click points and scroll depth',
          'viewer',
          Heatmap,
        ),
        querystring: HeatmapQuery,
      },
    },
    async (request) => metadata.heatmaps.heatmap(project.id, request.query),
  );

  app.get(
    '/api/heatmaps/sessions',
    {
      schema: {
        ...describe(
          'The sessions that clicked an element of a page, each with its first click',
          'viewer',
          HeatmapSessions,
        ),
        querystring: HeatmapSessionsQuery,
      },
    },
    async (request) => ({
      sessions: await metadata.heatmaps.heatmapSessions(project.id, request.query),
    }),
  );

  app.get(
    '/api/heatmaps/urls',
    {
      schema: {
        ...describe('Pages with heatmaps, most page views first', 'viewer', HeatmapUrls),
        querystring: HeatmapUrlsQuery,
      },
    },
    async (request) => metadata.heatmaps.heatmapUrls(project.id, request.query),
  );
};
