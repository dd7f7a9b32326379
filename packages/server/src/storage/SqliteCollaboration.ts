import type { PersonFilter } from '@tapedeck/protocol/api';
import type Database from 'better-sqlite3';
import type { Cohort, CollaborationStore } from './Collaboration.js';
import {
  type CommentRow,
  comment,
  type NotebookRow,
  notebook,
  type PlaylistRow,
  playlist,
} from './collaborationRows.js';

export const COLLABORATION_SCHEMA = `
  CREATE TABLE session_tags (
    project_id INTEGER NOT NULL,
    session_id TEXT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (project_id, session_id, tag)
  );
  CREATE INDEX session_tags_by_tag ON session_tags (project_id, tag);
  CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL,
    session_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX comments_by_session ON comments (project_id, session_id, at_ms);
  CREATE TABLE playlists (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    filter TEXT,
    sort TEXT,
    pinned TEXT NOT NULL DEFAULT '[]',
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE notebooks (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );`;

/** Comments, tags, playlists, notebooks and cohorts in the embedded SQLite database. */
export function sqliteCollaboration(db: Database.Database): CollaborationStore {
  const q = <R>(sql: string) => db.prepare<unknown[], R>(sql);
  const byId = {
    comment: q<CommentRow>('SELECT * FROM comments WHERE project_id = ? AND id = ?'),
    playlist: q<PlaylistRow>('SELECT * FROM playlists WHERE project_id = ? AND id = ?'),
    notebook: q<NotebookRow>('SELECT * FROM notebooks WHERE project_id = ? AND id = ?'),
  };
  const remove = (table: string) => {
    const statement = q(`DELETE FROM ${table} WHERE project_id = ? AND id = ?`);
    return async (projectId: number, id: number) => statement.run(projectId, id).changes > 0;
  };
  return {
    async getTags(projectId, sessionId) {
      return q<{ tag: string }>(
        'SELECT tag FROM session_tags WHERE project_id = ? AND session_id = ? ORDER BY tag',
      )
        .all(projectId, sessionId)
        .map((r) => r.tag);
    },
    async setTags(projectId, sessionId, tags) {
      db.transaction(() => {
        q('DELETE FROM session_tags WHERE project_id = ? AND session_id = ?').run(
          projectId,
          sessionId,
        );
        const add = q(
          'INSERT OR IGNORE INTO session_tags (project_id, session_id, tag) VALUES (?, ?, ?)',
        );
        for (const tag of tags) add.run(projectId, sessionId, tag);
      })();
    },
    async listComments(projectId, sessionId) {
      return q<CommentRow>(
        'SELECT * FROM comments WHERE project_id = ? AND session_id = ? ORDER BY at_ms, id',
      )
        .all(projectId, sessionId)
        .map(comment);
    },
    async addComment(projectId, c) {
      const now = Date.now();
      const { lastInsertRowid } = q(
        `INSERT INTO comments (project_id, session_id, at_ms, text, author, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(projectId, c.sessionId, c.atMs, c.text, c.author, now, now);
      return comment(byId.comment.get(projectId, Number(lastInsertRowid))!);
    },
    async updateComment(projectId, id, text) {
      q('UPDATE comments SET text = ?, updated_at = ? WHERE project_id = ? AND id = ?').run(
        text,
        Date.now(),
        projectId,
        id,
      );
      const row = byId.comment.get(projectId, id);
      return row ? comment(row) : null;
    },
    deleteComment: remove('comments'),
    async listPlaylists(projectId) {
      return q<PlaylistRow>('SELECT * FROM playlists WHERE project_id = ? ORDER BY updated_at DESC')
        .all(projectId)
        .map(playlist);
    },
    async getPlaylist(projectId, id) {
      const row = byId.playlist.get(projectId, id);
      return row ? playlist(row) : null;
    },
    async savePlaylist(projectId, input, author, id) {
      const now = Date.now();
      const values = [
        input.name,
        input.filter ? JSON.stringify(input.filter) : null,
        input.order,
        JSON.stringify(input.pinned),
      ];
      if (id === undefined) {
        const { lastInsertRowid } = q(
          `INSERT INTO playlists (project_id, name, filter, sort, pinned, created_by, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(projectId, ...values, author, now, now);
        id = Number(lastInsertRowid);
      } else {
        q(
          'UPDATE playlists SET name = ?, filter = ?, sort = ?, pinned = ?, updated_at = ? WHERE project_id = ? AND id = ?',
        ).run(...values, now, projectId, id);
      }
      const row = byId.playlist.get(projectId, id);
      return row ? playlist(row) : null;
    },
    deletePlaylist: remove('playlists'),
    async listNotebooks(projectId) {
      return q<NotebookRow>('SELECT * FROM notebooks WHERE project_id = ? ORDER BY updated_at DESC')
        .all(projectId)
        .map(notebook);
    },
    async getNotebook(projectId, id) {
      const row = byId.notebook.get(projectId, id);
      return row ? notebook(row) : null;
    },
    async saveNotebook(projectId, input, author, id) {
      const now = Date.now();
      if (id === undefined) {
        const { lastInsertRowid } = q(
          `INSERT INTO notebooks (project_id, title, body, created_by, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(projectId, input.title, input.body, author, now, now);
        id = Number(lastInsertRowid);
      } else {
        q(
          'UPDATE notebooks SET title = ?, body = ?, updated_at = ? WHERE project_id = ? AND id = ?',
        ).run(input.title, input.body, now, projectId, id);
      }
      const row = byId.notebook.get(projectId, id);
      return row ? notebook(row) : null;
    },
    deleteNotebook: remove('notebooks'),
    async listCohorts(projectId) {
      return q<{ id: number; name: string; filter: string }>(
        'SELECT id, name, filter FROM cohorts WHERE project_id = ? ORDER BY id',
      )
        .all(projectId)
        .map(
          (r): Cohort => ({ id: r.id, name: r.name, filter: JSON.parse(r.filter) as PersonFilter }),
        );
    },
    async addCohort(projectId, input) {
      const { lastInsertRowid } = q(
        'INSERT INTO cohorts (project_id, name, filter) VALUES (?, ?, ?)',
      ).run(projectId, input.name, JSON.stringify(input.filter));
      return { id: Number(lastInsertRowid), ...input };
    },
    deleteCohort: remove('cohorts'),
  };
}
