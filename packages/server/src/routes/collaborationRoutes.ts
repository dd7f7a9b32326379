import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Cohort,
  CohortList,
  Comment,
  CommentEdit,
  CommentList,
  NewCohort,
  NewComment,
  NewNotebook,
  Notebook,
  NotebookEdit,
  NotebookList,
  NumericIdParams,
  SessionIdParams,
  Tags,
} from '@tapedeck/protocol/api';
import type { FastifyRequest } from 'fastify';
import { describe, describeCreated, describeEmpty } from '../http/schemas.js';
import { HttpError } from '../internal/HttpError.js';
import { checkFilter } from '../query/checkFilter.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';
import { playlistRoutes } from './playlistRoutes.js';

const author = (request: FastifyRequest) => request.apiKey?.name ?? 'unknown';

/**
 * Tags, comments at a moment, playlists, notebooks and cohorts. Reading needs the viewer
 * role, writing the editor role.
 */
export const collaborationRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  project: Project;
}> = async (app, deps) => {
  const { metadata, project } = deps;
  const c = metadata.collaboration;
  const p = project.id;
  const sessionOf = async (id: string) => {
    if (!(await metadata.getSession(p, id)))
      throw new HttpError(404, `No session ${id} in this project.`);
    return id;
  };
  const params = SessionIdParams;
  const byId = NumericIdParams;

  app.get(
    '/api/sessions/:id/tags',
    { schema: { ...describe('Tags', 'viewer', Tags), params } },
    async (r) => ({
      tags: await c.getTags(p, await sessionOf(r.params.id)),
    }),
  );
  app.put(
    '/api/sessions/:id/tags',
    { schema: { ...describe('Replace the tags', 'editor', Tags), params, body: Tags } },
    async (r) => {
      const id = await sessionOf(r.params.id);
      await c.setTags(p, id, r.body.tags);
      return { tags: await c.getTags(p, id) };
    },
  );

  app.get(
    '/api/sessions/:id/comments',
    { schema: { ...describe('Comments, by time', 'viewer', CommentList), params } },
    async (r) => ({ comments: await c.listComments(p, await sessionOf(r.params.id)) }),
  );
  app.post(
    '/api/sessions/:id/comments',
    {
      schema: {
        ...describeCreated('Comment at a moment', 'editor', Comment),
        params,
        body: NewComment,
      },
    },
    async (r, reply) => {
      const comment = await c.addComment(p, {
        sessionId: await sessionOf(r.params.id),
        atMs: r.body.atMs,
        text: r.body.text,
        author: author(r),
      });
      return reply.code(201).send(comment);
    },
  );
  app.patch(
    '/api/comments/:id',
    {
      schema: { ...describe('Edit a comment', 'editor', Comment), params: byId, body: CommentEdit },
    },
    async (r) => {
      const updated = await c.updateComment(p, r.params.id, r.body.text);
      if (!updated) throw new HttpError(404, `No comment ${r.params.id}.`);
      return updated;
    },
  );
  app.delete(
    '/api/comments/:id',
    { schema: { ...describeEmpty('Delete a comment', 'editor'), params: byId } },
    async (r, reply) => {
      if (!(await c.deleteComment(p, r.params.id)))
        throw new HttpError(404, `No comment ${r.params.id}.`);
      return reply.code(204).send(null);
    },
  );

  await app.register(playlistRoutes, deps);

  app.get(
    '/api/notebooks',
    { schema: describe('Notebooks', 'viewer', NotebookList) },
    async () => ({
      notebooks: await c.listNotebooks(p),
    }),
  );
  app.post(
    '/api/notebooks',
    {
      schema: {
        ...describeCreated('Write a notebook (markdown body)', 'editor', Notebook),
        body: NewNotebook,
      },
    },
    async (r, reply) => {
      const saved = await c.saveNotebook(
        p,
        { title: r.body.title, body: r.body.body ?? '' },
        author(r),
      );
      return reply.code(201).send(saved!);
    },
  );
  app.get(
    '/api/notebooks/:id',
    { schema: { ...describe('A notebook', 'viewer', Notebook), params: byId } },
    async (r) => {
      const notebook = await c.getNotebook(p, r.params.id);
      if (!notebook) throw new HttpError(404, `No notebook ${r.params.id}.`);
      return notebook;
    },
  );
  app.patch(
    '/api/notebooks/:id',
    {
      schema: {
        ...describe('Change a notebook', 'editor', Notebook),
        params: byId,
        body: NotebookEdit,
      },
    },
    async (r) => {
      const current = await c.getNotebook(p, r.params.id);
      if (!current) throw new HttpError(404, `No notebook ${r.params.id}.`);
      const saved = await c.saveNotebook(
        p,
        { title: r.body.title ?? current.title, body: r.body.body ?? current.body },
        author(r),
        r.params.id,
      );
      return saved!;
    },
  );
  app.delete(
    '/api/notebooks/:id',
    { schema: { ...describeEmpty('Delete a notebook', 'editor'), params: byId } },
    async (r, reply) => {
      if (!(await c.deleteNotebook(p, r.params.id)))
        throw new HttpError(404, `No notebook ${r.params.id}.`);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/cohorts',
    { schema: describe('Cohorts (saved person filters)', 'viewer', CohortList) },
    async () => ({ cohorts: await c.listCohorts(p) }),
  );
  app.post(
    '/api/cohorts',
    {
      schema: {
        ...describeCreated('Save a cohort (a person filter)', 'editor', Cohort),
        body: NewCohort,
      },
    },
    async (r, reply) => {
      checkFilter(r.body.filter);
      return reply
        .code(201)
        .send(await c.addCohort(p, { name: r.body.name, filter: r.body.filter }));
    },
  );
  app.delete(
    '/api/cohorts/:id',
    { schema: { ...describeEmpty('Delete a cohort', 'editor'), params: byId } },
    async (r, reply) => {
      if (!(await c.deleteCohort(p, r.params.id)))
        throw new HttpError(404, `No cohort ${r.params.id}.`);
      return reply.code(204).send(null);
    },
  );
};
