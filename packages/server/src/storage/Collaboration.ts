import type { Filter } from '../query/Filter.js';
import type { SessionOrder } from './MetadataStore.js';

/** A note at a moment of a recording. */
export interface Comment {
  id: number;
  sessionId: string;
  /** Milliseconds from the start of the recording. */
  atMs: number;
  text: string;
  author: string;
  createdAt: number;
  updatedAt: number;
}

/** Saved filters and/or pinned sessions, shareable by link. */
export interface Playlist {
  id: number;
  name: string;
  filter: Filter | null;
  order: SessionOrder | null;
  pinned: string[];
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** A titled markdown note linking recordings at given moments. */
export interface Notebook {
  id: number;
  title: string;
  body: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** A saved person filter, usable as `{ cohort: id }`. */
export interface Cohort {
  id: number;
  name: string;
  filter: Filter;
}

export type PlaylistInput = Pick<Playlist, 'name' | 'filter' | 'order' | 'pinned'>;

/** Collaboration data, per project. Part of the metadata store. */
export interface CollaborationStore {
  getTags(projectId: number, sessionId: string): Promise<string[]>;
  setTags(projectId: number, sessionId: string, tags: string[]): Promise<void>;
  listComments(projectId: number, sessionId: string): Promise<Comment[]>;
  addComment(
    projectId: number,
    c: Pick<Comment, 'sessionId' | 'atMs' | 'text' | 'author'>,
  ): Promise<Comment>;
  updateComment(projectId: number, id: number, text: string): Promise<Comment | null>;
  deleteComment(projectId: number, id: number): Promise<boolean>;
  listPlaylists(projectId: number): Promise<Playlist[]>;
  getPlaylist(projectId: number, id: number): Promise<Playlist | null>;
  savePlaylist(
    projectId: number,
    input: PlaylistInput,
    author: string,
    id?: number,
  ): Promise<Playlist | null>;
  deletePlaylist(projectId: number, id: number): Promise<boolean>;
  listNotebooks(projectId: number): Promise<Notebook[]>;
  getNotebook(projectId: number, id: number): Promise<Notebook | null>;
  saveNotebook(
    projectId: number,
    input: Pick<Notebook, 'title' | 'body'>,
    author: string,
    id?: number,
  ): Promise<Notebook | null>;
  deleteNotebook(projectId: number, id: number): Promise<boolean>;
  listCohorts(projectId: number): Promise<Cohort[]>;
  addCohort(projectId: number, input: Pick<Cohort, 'name' | 'filter'>): Promise<Cohort>;
  deleteCohort(projectId: number, id: number): Promise<boolean>;
}
