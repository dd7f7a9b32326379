import type {
  Cohort,
  Comment,
  Notebook,
  PersonFilter,
  Playlist,
  PlaylistInput,
} from '@tapedeck/protocol/api';

export type { Cohort, Comment, Notebook, Playlist, PlaylistInput };

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
  addCohort(projectId: number, input: { name: string; filter: PersonFilter }): Promise<Cohort>;
  deleteCohort(projectId: number, id: number): Promise<boolean>;
}
