import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  type Filter,
  NewPlaylist,
  NumericIdParams,
  Playlist,
  PlaylistEdit,
  type PlaylistInput,
  PlaylistList,
  PlaylistView,
  type SessionSummary,
} from '@tapedeck/protocol/api';
import type { FastifyRequest } from 'fastify';
import { describe, describeCreated, describeEmpty } from '../http/schemas.js';
import { savedFilterProblem } from '../http/validation.js';
import { HttpError } from '../internal/HttpError.js';
import { checkFilter } from '../query/checkFilter.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';

const author = (request: FastifyRequest) => request.apiKey?.name ?? 'unknown';

/**
 * Playlists: saved filters and pinned sessions. A filter is checked when saved, and a saved
 * one is checked again when opened (it may predate today's rules): one that fails is shown
 * as `filterError` instead of being run.
 */
export const playlistRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  project: Project;
}> = async (app, { metadata, project }) => {
  const c = metadata.collaboration;
  const p = project.id;
  const byId = NumericIdParams;

  const input = (
    body: {
      name?: string;
      filter?: Filter | null;
      order?: PlaylistInput['order'];
      pinned?: string[];
    },
    current?: PlaylistInput,
  ): PlaylistInput => ({
    name: body.name ?? current?.name ?? '',
    filter:
      body.filter === undefined
        ? (current?.filter ?? null)
        : body.filter && checkFilter(body.filter),
    order: body.order === undefined ? (current?.order ?? null) : body.order,
    pinned: body.pinned ?? current?.pinned ?? [],
  });

  app.get(
    '/api/playlists',
    { schema: describe('Playlists', 'viewer', PlaylistList) },
    async () => ({
      playlists: await c.listPlaylists(p),
    }),
  );
  app.post(
    '/api/playlists',
    { schema: { ...describeCreated('Save a playlist', 'editor', Playlist), body: NewPlaylist } },
    async (r, reply) => reply.code(201).send((await c.savePlaylist(p, input(r.body), author(r)))!),
  );
  app.get(
    '/api/playlists/:id',
    {
      schema: {
        ...describe(
          'A playlist with its pinned sessions and the first 100 it matches',
          'viewer',
          PlaylistView,
        ),
        params: byId,
      },
    },
    async (r) => {
      const playlist = await c.getPlaylist(p, r.params.id);
      if (!playlist) throw new HttpError(404, `No playlist ${r.params.id}.`);
      const pinned = (
        await Promise.all(playlist.pinned.map((id) => metadata.getSession(p, id)))
      ).filter((s): s is SessionSummary => s !== null);
      if (!playlist.filter) return { playlist, pinned, sessions: [] };
      try {
        const problem = savedFilterProblem('Filter', playlist.filter);
        if (problem)
          throw new HttpError(400, `The saved filter no longer passes: ${problem} Edit it.`);
        const { sessions } = await metadata.listSessions(p, {
          filter: checkFilter(playlist.filter),
          limit: 100,
          ...(playlist.order ? { order: playlist.order } : {}),
        });
        return { playlist, pinned, sessions };
      } catch (error) {
        if (!(error instanceof HttpError) || error.statusCode !== 400) throw error;
        return { playlist, pinned, sessions: [], filterError: error.message };
      }
    },
  );
  app.patch(
    '/api/playlists/:id',
    {
      schema: {
        ...describe('Change a playlist', 'editor', Playlist),
        params: byId,
        body: PlaylistEdit,
      },
    },
    async (r) => {
      const current = await c.getPlaylist(p, r.params.id);
      if (!current) throw new HttpError(404, `No playlist ${r.params.id}.`);
      return (await c.savePlaylist(p, input(r.body, current), author(r), r.params.id))!;
    },
  );
  app.delete(
    '/api/playlists/:id',
    { schema: { ...describeEmpty('Delete a playlist', 'editor'), params: byId } },
    async (r, reply) => {
      if (!(await c.deletePlaylist(p, r.params.id)))
        throw new HttpError(404, `No playlist ${r.params.id}.`);
      return reply.code(204).send(null);
    },
  );
};
