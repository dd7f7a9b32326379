import { type Static, Type } from '@sinclair/typebox';
import { ID_PATTERN, Millis, Nullable } from './common.js';
import { Filter, PersonFilter } from './filter.js';
import { SessionOrder, SessionSummary } from './sessions.js';

const name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

export const Tags = Type.Object(
  {
    tags: Type.Array(
      Type.String({ pattern: '^[^\\s,][^,]{0,49}$', description: '1 to 50 characters, no commas' }),
      { maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);
export type Tags = Static<typeof Tags>;

/** A note at a moment of a recording. */
export const Comment = Type.Object({
  id: Type.Integer(),
  sessionId: Type.String(),
  atMs: Type.Integer({ description: 'Milliseconds from the start of the recording.' }),
  text: Type.String(),
  author: Type.String(),
  createdAt: Millis(),
  updatedAt: Millis(),
});
export type Comment = Static<typeof Comment>;
export const CommentList = Type.Object({ comments: Type.Array(Comment) });
export const NewComment = Type.Object(
  {
    atMs: Type.Integer({ minimum: 0, maximum: 7 * 86_400_000 }),
    text: Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S' }),
  },
  { additionalProperties: false },
);
export const CommentEdit = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S' }) },
  { additionalProperties: false },
);

/** Saved filters and/or pinned sessions, shareable by link. */
export const Playlist = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  filter: Nullable(Type.Ref(Filter)),
  order: Nullable(SessionOrder),
  pinned: Type.Array(Type.String()),
  createdBy: Type.String(),
  createdAt: Millis(),
  updatedAt: Millis(),
});
export type Playlist = Omit<Static<typeof Playlist>, 'filter'> & { filter: Filter | null };
export const PlaylistList = Type.Object({ playlists: Type.Array(Playlist) });

const playlistFields = {
  filter: Type.Optional(Nullable(Type.Ref(Filter))),
  order: Type.Optional(Nullable(SessionOrder)),
  pinned: Type.Optional(
    Type.Array(Type.String({ pattern: ID_PATTERN }), { maxItems: 500, uniqueItems: true }),
  ),
};
export const NewPlaylist = Type.Object(
  { name, ...playlistFields },
  { additionalProperties: false },
);
export const PlaylistEdit = Type.Object(
  { name: Type.Optional(name), ...playlistFields },
  { additionalProperties: false },
);
export type PlaylistInput = {
  name: string;
  filter: Filter | null;
  order: SessionOrder | null;
  pinned: string[];
};

/** A playlist with its pinned sessions and the first sessions its filter matches. */
export const PlaylistView = Type.Object({
  playlist: Playlist,
  pinned: Type.Array(Type.Ref(SessionSummary)),
  sessions: Type.Array(Type.Ref(SessionSummary)),
  filterError: Type.Optional(
    Type.String({ description: 'Why the saved filter could not run; edit it to fix.' }),
  ),
});
export type PlaylistView = {
  playlist: Playlist;
  pinned: SessionSummary[];
  sessions: SessionSummary[];
  filterError?: string;
};

/** A titled markdown note linking recordings at given moments. */
export const Notebook = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  createdBy: Type.String(),
  createdAt: Millis(),
  updatedAt: Millis(),
});
export type Notebook = Static<typeof Notebook>;
export const NotebookList = Type.Object({ notebooks: Type.Array(Notebook) });
const body = Type.String({ maxLength: 200_000, description: 'Markdown.' });
export const NewNotebook = Type.Object(
  { title: name, body: Type.Optional(body) },
  { additionalProperties: false },
);
export const NotebookEdit = Type.Object(
  { title: Type.Optional(name), body: Type.Optional(body) },
  { additionalProperties: false },
);

/** A saved person filter, usable as `{ cohort: id }`. */
export const Cohort = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  filter: Type.Ref(PersonFilter),
});
export type Cohort = { id: number; name: string; filter: PersonFilter };
export const CohortList = Type.Object({ cohorts: Type.Array(Cohort) });
export const NewCohort = Type.Object(
  { name, filter: Type.Ref(PersonFilter) },
  { additionalProperties: false },
);
