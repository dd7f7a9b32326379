import type { Filter } from '@tapedeck/protocol/api';
import type { Comment, Notebook, Playlist } from './Collaboration.js';
import type { SessionOrder } from './MetadataStore.js';

// Collaboration rows as both SQL stores read them.

export interface CommentRow {
  id: number;
  session_id: string;
  at_ms: number;
  text: string;
  author: string;
  created_at: number;
  updated_at: number;
}
export interface PlaylistRow {
  id: number;
  name: string;
  filter: string | null;
  sort: string | null;
  pinned: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}
export interface NotebookRow {
  id: number;
  title: string;
  body: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export const comment = (r: CommentRow): Comment => ({
  id: r.id,
  sessionId: r.session_id,
  atMs: r.at_ms,
  text: r.text,
  author: r.author,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export const playlist = (r: PlaylistRow): Playlist => ({
  id: r.id,
  name: r.name,
  filter: r.filter ? (JSON.parse(r.filter) as Filter) : null,
  order: r.sort as SessionOrder | null,
  pinned: JSON.parse(r.pinned) as string[],
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export const notebook = (r: NotebookRow): Notebook => ({
  id: r.id,
  title: r.title,
  body: r.body,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
