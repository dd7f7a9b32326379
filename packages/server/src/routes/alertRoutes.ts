import { isIP } from 'node:net';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Alert, AlertDeliveryList, AlertInput, NumericIdParams } from '@tapedeck/protocol/api';
import { describe, describeEmpty } from '../http/schemas.js';
import type { AlertLoop } from '../internal/alerts/AlertLoop.js';
import { HttpError } from '../internal/HttpError.js';
import { isPrivateAddress } from '../internal/privateAddress.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';

/** A webhook URL alerts may use: http(s), no credentials in it, not a private address. */
function checkUrl(text: string, allowHosts: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HttpError(400, 'body.url is not a URL: give the full webhook address, https://…');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new HttpError(400, 'body.url must be http:// or https://.');
  if (url.username || url.password)
    throw new HttpError(400, 'body.url must not hold a user or password: put a token in its path.');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = allowHosts.includes(host) || allowHosts.includes(`${host}:${url.port}`);
  const local =
    host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host));
  if (local && !allowed)
    throw new HttpError(
      400,
      `body.url points at ${host}, a private or loopback address: alerts reach public hosts only (an operator can allow it with TAPEDECK_ALERT_HOSTS).`,
    );
  return url.toString();
}

const DeliveryQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false },
);

/**
 * A playlist's alert: a webhook told of sessions newly matching its filter (see AlertLoop),
 * and the log of deliveries. Reading needs the viewer role, setting it the editor role.
 */
export const alertRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  project: Project;
  alerts: AlertLoop;
}> = async (app, { metadata, project, alerts }) => {
  const p = project.id;
  const params = NumericIdParams;
  const playlistOf = async (id: number) => {
    const playlist = await metadata.collaboration.getPlaylist(p, id);
    if (!playlist) throw new HttpError(404, `No playlist ${id} in this project.`);
    return playlist;
  };

  app.get(
    '/api/playlists/:id/alert',
    { schema: { ...describe("The playlist's alert", 'viewer', Alert), params } },
    async (r) => {
      await playlistOf(r.params.id);
      const alert = await metadata.alerts.getAlert(p, r.params.id);
      if (!alert) throw new HttpError(404, `Playlist ${r.params.id} has no alert.`);
      return alert;
    },
  );
  app.put(
    '/api/playlists/:id/alert',
    {
      schema: {
        ...describe('Set the alert (a webhook for new matches)', 'editor', Alert),
        params,
        body: AlertInput,
      },
    },
    async (r) => {
      const playlist = await playlistOf(r.params.id);
      if (!playlist.filter)
        throw new HttpError(400, 'This playlist has no filter to alert on: save one first.');
      const url = checkUrl(r.body.url, alerts.allowHosts);
      const author = r.apiKey?.name ?? 'unknown';
      return metadata.alerts.saveAlert(p, r.params.id, { ...r.body, url }, author, alerts.now());
    },
  );
  app.delete(
    '/api/playlists/:id/alert',
    { schema: { ...describeEmpty('Remove the alert and its log', 'editor'), params } },
    async (r, reply) => {
      if (!(await metadata.alerts.deleteAlert(p, r.params.id)))
        throw new HttpError(404, `Playlist ${r.params.id} has no alert.`);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/playlists/:id/alerts/deliveries',
    {
      schema: {
        ...describe('The alert’s deliveries, newest first', 'viewer', AlertDeliveryList),
        params,
        querystring: DeliveryQuery,
      },
    },
    async (r) => {
      await playlistOf(r.params.id);
      return {
        deliveries: await metadata.alerts.listDeliveries(p, r.params.id, r.query.limit ?? 50),
      };
    },
  );
};
