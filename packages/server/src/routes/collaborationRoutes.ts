import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../internal/HttpError.js';
import { type Filter, validateFilter } from '../query/Filter.js';
import type { PlaylistInput } from '../storage/Collaboration.js';
import type { MetadataStore, Project, SessionOrder } from '../storage/MetadataStore.js';
import { ORDERS, SESSION_ID } from './common.js';

const PERSON_CONDITIONS = ['person', 'personFirstSeen', 'distinctId', 'and', 'or', 'not'];

type Body = Record<string, unknown>;
const body = (request: FastifyRequest): Body => {
  const b = request.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b))
    throw new HttpError(400, 'Send a JSON object.');
  return b as Body;
};
const text = (b: Body, field: string, max: number, required = true): string | undefined => {
  const v = b[field];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || v.length > max)
    throw new HttpError(400, `${field} must be a string of 1 to ${max} characters.`);
  return v;
};
const numericId = (raw: string, what: string) => {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new HttpError(404, `No ${what} ${raw}.`);
  return id;
};
const author = (request: FastifyRequest) => request.apiKey?.name ?? 'unknown';

function onlyPersonConditions(filter: Filter): void {
  const walk = (f: unknown): void => {
    const [kind] = Object.keys(f as object);
    if (!PERSON_CONDITIONS.includes(kind!))
      throw new HttpError(
        400,
        `A cohort filters people: use person, personFirstSeen or distinctId, not ${kind}.`,
      );
    const v = (f as Record<string, unknown>)[kind!];
    if (kind === 'and' || kind === 'or') (v as unknown[]).forEach(walk);
    if (kind === 'not') walk(v);
  };
  walk(filter);
}

/**
 * Tags, comments at a moment, playlists (saved filters and pinned sessions), notebooks and
 * cohorts. Reading needs the viewer role, writing the editor role.
 */
export async function collaborationRoutes(
  app: FastifyInstance,
  deps: { metadata: MetadataStore; project: Project },
): Promise<void> {
  const { metadata, project } = deps;
  const c = metadata.collaboration;
  const p = project.id;
  const sessionOf = async (id: string) => {
    if (!SESSION_ID.test(id) || !(await metadata.getSession(p, id)))
      throw new HttpError(404, `No session ${id} in this project.`);
    return id;
  };

  app.get<{ Params: { id: string } }>('/api/sessions/:id/tags', async (r) => ({
    tags: await c.getTags(p, await sessionOf(r.params.id)),
  }));
  app.put<{ Params: { id: string } }>('/api/sessions/:id/tags', async (r) => {
    const tags = body(r).tags;
    if (
      !Array.isArray(tags) ||
      tags.length > 50 ||
      !tags.every((t) => typeof t === 'string' && /^[^\s,][^,]{0,49}$/.test(t))
    )
      throw new HttpError(
        400,
        'tags must be an array of up to 50 names of 1 to 50 characters, without commas.',
      );
    const id = await sessionOf(r.params.id);
    await c.setTags(p, id, tags as string[]);
    return { tags: await c.getTags(p, id) };
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id/comments', async (r) => ({
    comments: await c.listComments(p, await sessionOf(r.params.id)),
  }));
  app.post<{ Params: { id: string } }>('/api/sessions/:id/comments', async (r, reply) => {
    const b = body(r);
    if (!Number.isInteger(b.atMs) || (b.atMs as number) < 0)
      throw new HttpError(400, 'atMs must be the whole number of milliseconds into the recording.');
    const comment = await c.addComment(p, {
      sessionId: await sessionOf(r.params.id),
      atMs: b.atMs as number,
      text: text(b, 'text', 5000)!,
      author: author(r),
    });
    return reply.code(201).send(comment);
  });
  app.patch<{ Params: { id: string } }>('/api/comments/:id', async (r) => {
    const updated = await c.updateComment(
      p,
      numericId(r.params.id, 'comment'),
      text(body(r), 'text', 5000)!,
    );
    if (!updated) throw new HttpError(404, `No comment ${r.params.id}.`);
    return updated;
  });
  app.delete<{ Params: { id: string } }>('/api/comments/:id', async (r, reply) => {
    if (!(await c.deleteComment(p, numericId(r.params.id, 'comment'))))
      throw new HttpError(404, `No comment ${r.params.id}.`);
    return reply.code(204).send();
  });

  const playlistInput = (b: Body, current?: PlaylistInput): PlaylistInput => {
    const filter =
      b.filter === undefined
        ? (current?.filter ?? null)
        : b.filter === null
          ? null
          : validateFilter(b.filter);
    if (b.order !== undefined && b.order !== null && !ORDERS.includes(b.order as SessionOrder))
      throw new HttpError(400, `order must be one of ${ORDERS.join(', ')}.`);
    const pinned = b.pinned === undefined ? (current?.pinned ?? []) : b.pinned;
    if (
      !Array.isArray(pinned) ||
      pinned.length > 500 ||
      !pinned.every((s) => typeof s === 'string' && SESSION_ID.test(s))
    )
      throw new HttpError(400, 'pinned must be an array of up to 500 session ids.');
    return {
      name: text(b, 'name', 200, current === undefined) ?? current!.name,
      filter,
      order: b.order === undefined ? (current?.order ?? null) : (b.order as SessionOrder | null),
      pinned: pinned as string[],
    };
  };
  app.get('/api/playlists', async () => ({ playlists: await c.listPlaylists(p) }));
  app.post('/api/playlists', async (r, reply) =>
    reply.code(201).send(await c.savePlaylist(p, playlistInput(body(r)), author(r))),
  );
  app.get<{ Params: { id: string } }>('/api/playlists/:id', async (r) => {
    const playlist = await c.getPlaylist(p, numericId(r.params.id, 'playlist'));
    if (!playlist) throw new HttpError(404, `No playlist ${r.params.id}.`);
    const pinned = (
      await Promise.all(playlist.pinned.map((id) => metadata.getSession(p, id)))
    ).filter((s) => s !== null);
    const found = playlist.filter
      ? (
          await metadata.listSessions(p, {
            filter: playlist.filter,
            limit: 100,
            ...(playlist.order ? { order: playlist.order } : {}),
          })
        ).sessions
      : [];
    return { playlist, pinned, sessions: found };
  });
  app.patch<{ Params: { id: string } }>('/api/playlists/:id', async (r) => {
    const id = numericId(r.params.id, 'playlist');
    const current = await c.getPlaylist(p, id);
    if (!current) throw new HttpError(404, `No playlist ${r.params.id}.`);
    return c.savePlaylist(p, playlistInput(body(r), current), author(r), id);
  });
  app.delete<{ Params: { id: string } }>('/api/playlists/:id', async (r, reply) => {
    if (!(await c.deletePlaylist(p, numericId(r.params.id, 'playlist'))))
      throw new HttpError(404, `No playlist ${r.params.id}.`);
    return reply.code(204).send();
  });

  app.get('/api/notebooks', async () => ({ notebooks: await c.listNotebooks(p) }));
  app.post('/api/notebooks', async (r, reply) => {
    const b = body(r);
    const saved = await c.saveNotebook(
      p,
      { title: text(b, 'title', 200)!, body: typeof b.body === 'string' ? b.body : '' },
      author(r),
    );
    return reply.code(201).send(saved);
  });
  app.get<{ Params: { id: string } }>('/api/notebooks/:id', async (r) => {
    const notebook = await c.getNotebook(p, numericId(r.params.id, 'notebook'));
    if (!notebook) throw new HttpError(404, `No notebook ${r.params.id}.`);
    return notebook;
  });
  app.patch<{ Params: { id: string } }>('/api/notebooks/:id', async (r) => {
    const id = numericId(r.params.id, 'notebook');
    const current = await c.getNotebook(p, id);
    if (!current) throw new HttpError(404, `No notebook ${r.params.id}.`);
    const b = body(r);
    if (b.body !== undefined && (typeof b.body !== 'string' || b.body.length > 200_000))
      throw new HttpError(400, 'body must be markdown text of at most 200,000 characters.');
    return c.saveNotebook(
      p,
      {
        title: text(b, 'title', 200, false) ?? current.title,
        body: (b.body as string | undefined) ?? current.body,
      },
      author(r),
      id,
    );
  });
  app.delete<{ Params: { id: string } }>('/api/notebooks/:id', async (r, reply) => {
    if (!(await c.deleteNotebook(p, numericId(r.params.id, 'notebook'))))
      throw new HttpError(404, `No notebook ${r.params.id}.`);
    return reply.code(204).send();
  });

  app.get('/api/cohorts', async () => ({ cohorts: await c.listCohorts(p) }));
  app.post('/api/cohorts', async (r, reply) => {
    const b = body(r);
    const filter = validateFilter(b.filter);
    onlyPersonConditions(filter);
    return reply.code(201).send(await c.addCohort(p, { name: text(b, 'name', 200)!, filter }));
  });
  app.delete<{ Params: { id: string } }>('/api/cohorts/:id', async (r, reply) => {
    if (!(await c.deleteCohort(p, numericId(r.params.id, 'cohort'))))
      throw new HttpError(404, `No cohort ${r.params.id}.`);
    return reply.code(204).send();
  });
}
