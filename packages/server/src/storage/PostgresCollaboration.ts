import type { PersonFilter } from '@tapedeck/protocol/api';
import type { Cohort, CollaborationStore } from './Collaboration.js';
import {
  type CommentRow,
  comment,
  type NotebookRow,
  notebook,
  type PlaylistRow,
  playlist,
} from './collaborationRows.js';
import { json, type Sql } from './PostgresMetadataStore.js';

/** Comments, tags, playlists, notebooks and cohorts in PostgreSQL. */
export function postgresCollaboration(
  sql: Sql,
  transaction: <T>(work: (sql: Sql) => Promise<T>) => Promise<T>,
): CollaborationStore {
  const rows = async <R>(text: string, params: (string | number | null)[]) =>
    (await sql(text, params)).rows as R[];
  const remove = (table: string) => async (projectId: number, id: number) =>
    ((await sql(`DELETE FROM ${table} WHERE project_id = ? AND id = ?`, [projectId, id]))
      .rowCount ?? 0) > 0;
  const byId = async <R>(table: string, projectId: number, id: number) =>
    (await rows<R>(`SELECT * FROM ${table} WHERE project_id = ? AND id = ?`, [projectId, id]))[0];
  return {
    async getTags(projectId, sessionId) {
      const found = await rows<{ tag: string }>(
        'SELECT tag FROM session_tags WHERE project_id = ? AND session_id = ? ORDER BY tag',
        [projectId, sessionId],
      );
      return found.map((r) => r.tag);
    },
    async setTags(projectId, sessionId, tags) {
      await transaction(async (tx) => {
        await tx('DELETE FROM session_tags WHERE project_id = ? AND session_id = ?', [
          projectId,
          sessionId,
        ]);
        for (const tag of tags)
          await tx(
            'INSERT INTO session_tags (project_id, session_id, tag) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
            [projectId, sessionId, tag],
          );
      });
    },
    async listComments(projectId, sessionId) {
      const found = await rows<CommentRow>(
        'SELECT * FROM comments WHERE project_id = ? AND session_id = ? ORDER BY at_ms, id',
        [projectId, sessionId],
      );
      return found.map(comment);
    },
    async addComment(projectId, c) {
      const now = Date.now();
      const [row] = await rows<CommentRow>(
        `INSERT INTO comments (project_id, session_id, at_ms, text, author, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        [projectId, c.sessionId, c.atMs, c.text, c.author, now, now],
      );
      return comment(row!);
    },
    async updateComment(projectId, id, text) {
      const [row] = await rows<CommentRow>(
        'UPDATE comments SET text = ?, updated_at = ? WHERE project_id = ? AND id = ? RETURNING *',
        [text, Date.now(), projectId, id],
      );
      return row ? comment(row) : null;
    },
    deleteComment: remove('comments'),
    async listPlaylists(projectId) {
      const found = await rows<PlaylistRow>(
        'SELECT * FROM playlists WHERE project_id = ? ORDER BY updated_at DESC',
        [projectId],
      );
      return found.map(playlist);
    },
    async getPlaylist(projectId, id) {
      const row = await byId<PlaylistRow>('playlists', projectId, id);
      return row ? playlist(row) : null;
    },
    async savePlaylist(projectId, input, author, id) {
      const now = Date.now();
      const values = [
        input.name,
        input.filter ? json(input.filter) : null,
        input.order,
        json(input.pinned),
      ];
      const [row] =
        id === undefined
          ? await rows<PlaylistRow>(
              `INSERT INTO playlists (project_id, name, filter, sort, pinned, created_by, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
              [projectId, ...values, author, now, now],
            )
          : await rows<PlaylistRow>(
              `UPDATE playlists SET name = ?, filter = ?, sort = ?, pinned = ?, updated_at = ?
               WHERE project_id = ? AND id = ? RETURNING *`,
              [...values, now, projectId, id],
            );
      return row ? playlist(row) : null;
    },
    deletePlaylist: remove('playlists'),
    async listNotebooks(projectId) {
      const found = await rows<NotebookRow>(
        'SELECT * FROM notebooks WHERE project_id = ? ORDER BY updated_at DESC',
        [projectId],
      );
      return found.map(notebook);
    },
    async getNotebook(projectId, id) {
      const row = await byId<NotebookRow>('notebooks', projectId, id);
      return row ? notebook(row) : null;
    },
    async saveNotebook(projectId, input, author, id) {
      const now = Date.now();
      const [row] =
        id === undefined
          ? await rows<NotebookRow>(
              `INSERT INTO notebooks (project_id, title, body, created_by, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
              [projectId, input.title, input.body, author, now, now],
            )
          : await rows<NotebookRow>(
              `UPDATE notebooks SET title = ?, body = ?, updated_at = ?
               WHERE project_id = ? AND id = ? RETURNING *`,
              [input.title, input.body, now, projectId, id],
            );
      return row ? notebook(row) : null;
    },
    deleteNotebook: remove('notebooks'),
    async listCohorts(projectId) {
      const found = await rows<{ id: number; name: string; filter: string }>(
        'SELECT id, name, filter FROM cohorts WHERE project_id = ? ORDER BY id',
        [projectId],
      );
      return found.map(
        (r): Cohort => ({ id: r.id, name: r.name, filter: JSON.parse(r.filter) as PersonFilter }),
      );
    },
    async addCohort(projectId, input) {
      const [row] = await rows<{ id: number }>(
        'INSERT INTO cohorts (project_id, name, filter) VALUES (?, ?, ?) RETURNING id',
        [projectId, input.name, json(input.filter)],
      );
      return { id: row!.id, ...input };
    },
    deleteCohort: remove('cohorts'),
  };
}
