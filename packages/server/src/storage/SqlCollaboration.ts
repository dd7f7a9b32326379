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
import { toJson } from './sql/json.js';
import type { SqlDriver } from './sql/SqlDriver.js';

/** Comments, tags, playlists, notebooks and cohorts, in either database. */
export function sqlCollaboration(db: SqlDriver): CollaborationStore {
  const remove = (table: string) => async (projectId: number, id: number) =>
    (await db.run(`DELETE FROM ${table} WHERE project_id = ? AND id = ?`, [projectId, id])) > 0;
  const byId = <R>(table: string, projectId: number, id: number) =>
    db.one<R>(`SELECT * FROM ${table} WHERE project_id = ? AND id = ?`, [projectId, id]);
  return {
    async getTags(projectId, sessionId) {
      const found = await db.all<{ tag: string }>(
        'SELECT tag FROM session_tags WHERE project_id = ? AND session_id = ? ORDER BY tag',
        [projectId, sessionId],
      );
      return found.map((r) => r.tag);
    },
    async setTags(projectId, sessionId, tags) {
      await db.transaction(async (tx) => {
        await tx.run('DELETE FROM session_tags WHERE project_id = ? AND session_id = ?', [
          projectId,
          sessionId,
        ]);
        for (const tag of tags)
          await tx.run(
            'INSERT INTO session_tags (project_id, session_id, tag) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
            [projectId, sessionId, tag],
          );
      });
    },
    async listComments(projectId, sessionId) {
      const found = await db.all<CommentRow>(
        'SELECT * FROM comments WHERE project_id = ? AND session_id = ? ORDER BY at_ms, id',
        [projectId, sessionId],
      );
      return found.map(comment);
    },
    async addComment(projectId, c) {
      const now = Date.now();
      const row = await db.one<CommentRow>(
        `INSERT INTO comments (project_id, session_id, at_ms, text, author, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        [projectId, c.sessionId, c.atMs, c.text, c.author, now, now],
      );
      return comment(row!);
    },
    async updateComment(projectId, id, text) {
      const row = await db.one<CommentRow>(
        'UPDATE comments SET text = ?, updated_at = ? WHERE project_id = ? AND id = ? RETURNING *',
        [text, Date.now(), projectId, id],
      );
      return row ? comment(row) : null;
    },
    deleteComment: remove('comments'),
    async listPlaylists(projectId) {
      const found = await db.all<PlaylistRow>(
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
        input.filter ? toJson(input.filter) : null,
        input.order,
        toJson(input.pinned),
      ];
      const row =
        id === undefined
          ? await db.one<PlaylistRow>(
              `INSERT INTO playlists (project_id, name, filter, sort, pinned, created_by, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
              [projectId, ...values, author, now, now],
            )
          : await db.one<PlaylistRow>(
              `UPDATE playlists SET name = ?, filter = ?, sort = ?, pinned = ?, updated_at = ?
               WHERE project_id = ? AND id = ? RETURNING *`,
              [...values, now, projectId, id],
            );
      return row ? playlist(row) : null;
    },
    // Its alert and delivery log go with it: a later playlist may be given the same id.
    async deletePlaylist(projectId, id) {
      return db.transaction(async (tx) => {
        for (const table of ['alert_deliveries', 'playlist_alerts'])
          await tx.run(`DELETE FROM ${table} WHERE project_id = ? AND playlist_id = ?`, [
            projectId,
            id,
          ]);
        return (
          (await tx.run('DELETE FROM playlists WHERE project_id = ? AND id = ?', [projectId, id])) >
          0
        );
      });
    },
    async listNotebooks(projectId) {
      const found = await db.all<NotebookRow>(
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
      const row =
        id === undefined
          ? await db.one<NotebookRow>(
              `INSERT INTO notebooks (project_id, title, body, created_by, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
              [projectId, input.title, input.body, author, now, now],
            )
          : await db.one<NotebookRow>(
              `UPDATE notebooks SET title = ?, body = ?, updated_at = ?
               WHERE project_id = ? AND id = ? RETURNING *`,
              [input.title, input.body, now, projectId, id],
            );
      return row ? notebook(row) : null;
    },
    deleteNotebook: remove('notebooks'),
    async listCohorts(projectId) {
      const found = await db.all<{ id: number; name: string; filter: string }>(
        'SELECT id, name, filter FROM cohorts WHERE project_id = ? ORDER BY id',
        [projectId],
      );
      return found.map(
        (r): Cohort => ({ id: r.id, name: r.name, filter: JSON.parse(r.filter) as PersonFilter }),
      );
    },
    async addCohort(projectId, input) {
      const row = await db.one<{ id: number }>(
        'INSERT INTO cohorts (project_id, name, filter) VALUES (?, ?, ?) RETURNING id',
        [projectId, input.name, toJson(input.filter)],
      );
      return { id: row!.id, ...input };
    },
    deleteCohort: remove('cohorts'),
  };
}
