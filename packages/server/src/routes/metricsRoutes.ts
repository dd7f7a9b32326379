import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../internal/HttpError.js';
import { hashKey, sameHash } from '../internal/keys.js';
import type { Metrics } from '../internal/Metrics.js';

/**
 * `GET /metrics` in Prometheus' text format. With `token`, only for
 * `Authorization: Bearer <token>` (the public port); with `token: null`, open (a port of
 * its own, kept off the internet). Without either, the route answers 404 saying how to
 * turn it on.
 */
export const metricsRoutes: FastifyPluginAsync<{
  metrics: Metrics;
  token: string | null | undefined;
}> = async (app, { metrics, token }) => {
  const expected = token ? hashKey(token) : null;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token === undefined)
      throw new HttpError(
        404,
        'Metrics are off on this port: set TAPEDECK_METRICS_TOKEN (then scrape with Authorization: Bearer <token>) or --metrics-port.',
      );
    if (expected) {
      const auth = request.headers.authorization;
      const given = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : '';
      if (!given || !sameHash(hashKey(given), expected))
        throw new HttpError(
          401,
          'Metrics need the metrics token: send Authorization: Bearer <TAPEDECK_METRICS_TOKEN>.',
        );
    }
    return reply.type(metrics.contentType).send(await metrics.text());
  });
};
