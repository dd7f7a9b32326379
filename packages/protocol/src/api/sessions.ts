import { type Static, Type } from '@sinclair/typebox';
import { ID_PATTERN, Millis, Nullable, StringEnum } from './common.js';
import { Filter } from './filter.js';

export const SESSION_ORDERS = [
  'start',
  'duration',
  'active',
  'clicks',
  'consoleErrors',
  'activity',
] as const;
export const SessionOrder = StringEnum(SESSION_ORDERS, 'What to sort by.');
export type SessionOrder = Static<typeof SessionOrder>;

const count = Type.Integer({ minimum: 0 });

/** A session is live while its last chunk arrived less than this long ago (server time). */
export const LIVE_WINDOW_MS = 30_000;
const nullableText = Nullable(Type.String());

/** What a session (or one chunk of it) did, counted. */
export const ActivityCounts = Type.Object({
  pageviewCount: count,
  clickCount: count,
  keypressCount: count,
  mouseActivityCount: count,
  consoleLogCount: count,
  consoleWarnCount: count,
  consoleErrorCount: count,
  networkErrorCount: count,
  rageClickCount: count,
  deadClickCount: count,
  thrashingCount: count,
  exceptionCount: count,
});
export type ActivityCounts = Static<typeof ActivityCounts>;

/** One row of the session index, as every list returns it. */
/** Moments a list row carries at most. */
export const MOMENTS_PER_SESSION = 60;

export const SessionSummary = Type.Composite(
  [
    Type.Object({
      id: Type.String(),
      distinctId: nullableText,
      startTime: Millis(),
      endTime: Millis(),
      durationMs: Type.Number(),
      activeMs: Type.Number(),
      firstUrl: nullableText,
      eventCount: count,
      chunkCount: count,
      sizeBytes: count,
      sdk: Type.Object({ name: Type.String(), version: Type.String() }),
      userAgent: nullableText,
      browser: nullableText,
      os: nullableText,
      deviceType: nullableText,
      previousSessionId: nullableText,
      country: Nullable(
        Type.String({
          description:
            'ISO 3166-1 alpha-2 country of the client address at ingestion, by DB-IP (IP Geolocation by DB-IP, CC BY 4.0); the address itself is never stored.',
        }),
      ),
      ongoing: Type.Boolean({ description: 'Data arrived in the last 5 minutes (server time).' }),
      live: Type.Boolean({
        description: `A chunk arrived in the last ${LIVE_WINDOW_MS / 1000} s (server time): it can be watched as it is recorded (\`GET /api/sessions/:id/snapshots?follow=true\`).`,
      }),
      moments: Type.Optional(
        Type.Array(
          Type.Object({
            atMs: Type.Number({ description: 'From the start of the session.' }),
            kind: StringEnum(['pageview', 'rage', 'dead', 'error'] as const, 'What happened.'),
          }),
          {
            maxItems: MOMENTS_PER_SESSION,
            description:
              'Page views and signals over time, for an activity strip (in lists only; the first ones when there are more).',
          },
        ),
      ),
    }),
    ActivityCounts,
  ],
  { $id: 'SessionSummary', title: 'SessionSummary' },
);
export type SessionSummary = Static<typeof SessionSummary>;

export const SessionPage = Type.Object({
  sessions: Type.Array(Type.Ref(SessionSummary)),
  next: Nullable(Type.String({ description: 'Pass as cursor for the next page.' })),
});
export type SessionPage = { sessions: SessionSummary[]; next: string | null };

const queryFields = {
  order: Type.Optional(SessionOrder),
  direction: Type.Optional(StringEnum(['asc', 'desc'] as const)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'A previous page’s next.' })),
};

/** `POST /api/sessions/search`. */
export const SessionSearch = Type.Object(
  { filter: Type.Optional(Type.Ref(Filter)), ...queryFields },
  { additionalProperties: false },
);
export type SessionSearch = Omit<Static<typeof SessionSearch>, 'filter'> & { filter?: Filter };

/** `GET /api/sessions`: the same, with the filter as JSON text. */
export const SessionListQuery = Type.Object(
  {
    filter: Type.Optional(
      Type.Ref(Filter, { description: 'A Filter as JSON text, e.g. {"has":"rageClicks"}.' }),
    ),
    ...queryFields,
  },
  { additionalProperties: false },
);

/** A custom event (a timeline marker): `$pageview`, `$rageclick`, `checkout_started`, … */
export const CustomEvent = Type.Object({
  name: Type.String(),
  timestamp: Millis(),
  properties: Type.Record(Type.String(), Type.Unknown()),
});
export type CustomEvent = Static<typeof CustomEvent>;

export const EventPageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 1000 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export const EventPage = Type.Object({
  events: Type.Array(CustomEvent),
  next: Nullable(Type.Integer({ description: 'Pass as offset for the next page.' })),
});
export type EventPage = Static<typeof EventPage>;

/** `GET /api/sessions/:id`: the row, every URL and how often each custom event happened. */
export const SessionDetail = Type.Composite([
  SessionSummary,
  Type.Object({
    urls: Type.Array(Type.String()),
    eventCounts: Type.Record(Type.String(), Type.Integer()),
  }),
]);
export type SessionDetail = Static<typeof SessionDetail>;

/**
 * `GET /api/sessions/:id/snapshots`: `follow` keeps the stream open for new chunks; `after`
 * leaves out the chunks a reconnecting client has.
 */
export const SnapshotsQuery = Type.Object(
  {
    follow: Type.Optional(
      Type.Boolean({
        description:
          'Keep the stream open while the session is live: each chunk is sent as soon as it is stored. Ends when the client leaves or nothing new arrives for a while. The answer says whether it follows: X-Tapedeck-Live: true or false.',
      }),
    ),
    after: Type.Optional(
      Type.String({
        maxLength: 4096,
        pattern: '^[^,]+:[0-9]{1,9}(,[^,]+:[0-9]{1,9})*$',
        description:
          "Chunks the client has already, to leave out (a reconnect): windowId:seq,… where each window's chunks 0 to seq are all held.",
      }),
    ),
  },
  { additionalProperties: false },
);

/** Another session, as a link to it. */
export const LinkedSession = Type.Object({
  id: Type.String(),
  distinctId: nullableText,
  startTime: Millis(),
  endTime: Millis(),
  firstUrl: nullableText,
});
export type LinkedSession = Static<typeof LinkedSession>;

/** `GET /api/sessions/:id/linked`: the sessions around one. */
export const LinkedSessions = Type.Object({
  previous: Type.Union([LinkedSession, Type.Null()], {
    description: "The same person's session before this one.",
  }),
  next: Type.Union([LinkedSession, Type.Null()], {
    description: "The same person's session after this one.",
  }),
  continuedFrom: Type.Union([LinkedSession, Type.Null()], {
    description: 'The session this one continues (its `$session_starting` names it).',
  }),
  continuedIn: Type.Array(LinkedSession, {
    description:
      'Sessions that continue this one (another tab, after the idle timeout), by start, at most 20.',
  }),
});
export type LinkedSessions = Static<typeof LinkedSessions>;

export const Person = Type.Object({
  distinctId: Type.String(),
  properties: Type.Record(Type.String(), Type.Unknown()),
  firstSeen: Millis(),
  lastSeen: Millis(),
});
export type Person = Static<typeof Person>;

export const PersonWithSessions = Type.Composite([
  Person,
  Type.Object({ sessions: Type.Array(Type.Ref(SessionSummary)) }),
]);
export type PersonWithSessions = Person & { sessions: SessionSummary[] };

/** rrweb events in, as `POST /api/sessions/import` takes them. */
export const RrwebEvent = Type.Object({
  type: Type.Integer({ minimum: 0, maximum: 6 }),
  timestamp: Type.Number({ minimum: 0 }),
  data: Type.Optional(Type.Unknown()),
});
/**
 * PostHog's replay export file (the recording's "Export to file"):
 * v1 `{ version: '2022-12-02', data: { person, snapshotsByWindowId } }`,
 * v2 `{ version: '2023-04-28', data: { id, person, snapshots } }` (each event with its
 * `windowId`). Events posthog-js compressed (`cv: '2024-10'`) are decompressed on import.
 * The version is any text here, so that an unknown one gets an answer naming the known ones.
 */
export const PostHogExport = Type.Object({
  version: Type.String({ description: "'2022-12-02' (v1) or '2023-04-28' (v2)." }),
  data: Type.Object({
    id: Type.Optional(Type.String()),
    person: Type.Optional(
      Nullable(Type.Object({ distinct_ids: Type.Optional(Type.Array(Type.String())) })),
    ),
    snapshotsByWindowId: Type.Optional(Type.Record(Type.String(), Type.Array(RrwebEvent))),
    snapshots: Type.Optional(
      Type.Array(Type.Composite([RrwebEvent, Type.Object({ windowId: Type.String() })])),
    ),
  }),
});
export type PostHogExport = Static<typeof PostHogExport>;

// A person's id is any text (an email, say), as on the wire: not the session id alphabet.
const ImportDistinctId = Type.Optional(Type.String({ minLength: 1, maxLength: 100 }));

/** Most windows one imported recording may hold. */
export const MAX_IMPORT_WINDOWS = 100;

/**
 * A recording with each window (browser tab) apart, as `GET /api/sessions/:id/export?format=windows`
 * writes it and `POST /api/sessions/import` takes it back, window ids kept.
 */
export const WindowsExport = Type.Object({
  distinctId: ImportDistinctId,
  windows: Type.Array(
    Type.Object({
      windowId: Type.String({ pattern: ID_PATTERN, description: 'The window (tab) id.' }),
      events: Type.Array(RrwebEvent, { minItems: 1 }),
    }),
    { minItems: 1, maxItems: MAX_IMPORT_WINDOWS },
  ),
});
export type WindowsExport = Static<typeof WindowsExport>;

/** `GET /api/sessions/:id/export`: which events, and in which shape. */
export const ExportQuery = Type.Object(
  {
    format: Type.Optional(
      StringEnum(
        ['rrweb', 'windows'],
        "rrweb (default): one array of rrweb events, every window's or `window`'s. windows: { distinctId?, windows: [{ windowId, events }] }, each window apart, which import takes back.",
      ),
    ),
    window: Type.Optional(
      Type.String({ pattern: ID_PATTERN, description: "Only this window's events." }),
    ),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuery>;

export const ImportBody = Type.Union([
  Type.Array(RrwebEvent, { minItems: 2 }),
  Type.Object({
    events: Type.Array(RrwebEvent, { minItems: 2 }),
    distinctId: ImportDistinctId,
  }),
  WindowsExport,
  PostHogExport,
]);
export type ImportBody = Static<typeof ImportBody>;
export const ImportResult = Type.Object({
  sessionId: Type.String(),
  events: Type.Integer(),
  chunks: Type.Integer(),
});
export type ImportResult = Static<typeof ImportResult>;
