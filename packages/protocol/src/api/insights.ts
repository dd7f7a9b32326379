import { type Static, Type } from '@sinclair/typebox';
import { WEB_VITALS } from '../vitals.js';
import { Millis, Nullable, StringEnum } from './common.js';

const count = Type.Integer({ minimum: 0 });
const Rating = StringEnum(['good', 'needs-improvement', 'poor'] as const);

/** `GET /api/vitals`: which page views to summarise. */
export const VitalsQuery = Type.Object(
  {
    from: Type.Optional(Millis('Page views at or after this time.')),
    to: Type.Optional(Millis('Page views at or before this time.')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type VitalsQuery = Static<typeof VitalsQuery>;

/** One metric over a URL's page views: web.dev's p75 and how the page views rate. */
export const VitalStat = Type.Object({
  p75: Type.Number({ description: 'The 75th percentile of page views (nearest rank).' }),
  samples: count,
  good: count,
  needsImprovement: count,
  poor: count,
  rating: Rating,
});
export type VitalStat = Static<typeof VitalStat>;

export const VitalsUrl = Type.Object({
  url: Type.String(),
  pageviews: Type.Integer({ description: 'Page views with at least one metric measured.' }),
  metrics: Type.Partial(
    Type.Object(
      Object.fromEntries(WEB_VITALS.map((name) => [name, VitalStat])) as {
        [K in (typeof WEB_VITALS)[number]]: typeof VitalStat;
      },
    ),
  ),
});
export type VitalsUrl = Static<typeof VitalsUrl>;

export const VitalsSummary = Type.Object({
  urls: Type.Array(VitalsUrl, { description: 'The URLs with the most page views first.' }),
});
export type VitalsSummary = Static<typeof VitalsSummary>;

/** One metric of one page view of a session. */
export const VitalSample = Type.Object({
  name: StringEnum(WEB_VITALS),
  value: Type.Number(),
  rating: Rating,
  url: Type.String(),
  timestamp: Millis(),
});
export type VitalSample = Static<typeof VitalSample>;

export const SessionVitals = Type.Object({ samples: Type.Array(VitalSample) });
export type SessionVitals = Static<typeof SessionVitals>;

export const ErrorGroupId = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f]{32}$', description: 'The error group (its fingerprint).' }),
});

/** Errors grouped by fingerprint: type, normalised message and top in-app frames. */
export const ErrorGroupSummary = Type.Object({
  id: Type.String(),
  type: Type.String(),
  /** The message with numbers, ids, quoted strings and URLs replaced: what the group shares. */
  title: Type.String(),
  /** The message of the first error seen. */
  message: Type.String(),
  /** The top in-app frame, `function (file)`. */
  culprit: Nullable(Type.String()),
  count: Type.Integer({ minimum: 0, description: 'Times it happened.' }),
  sessions: Type.Integer({ minimum: 0, description: 'Sessions it happened in.' }),
  people: Type.Integer({ minimum: 0, description: 'Identified people it happened to.' }),
  firstSeen: Millis(),
  lastSeen: Millis(),
});
export type ErrorGroupSummary = Static<typeof ErrorGroupSummary>;

export const ErrorGroupQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);

export const ErrorGroupPage = Type.Object({
  groups: Type.Array(ErrorGroupSummary, { description: 'Most recently seen first.' }),
  next: Nullable(Type.Integer({ description: 'Pass as offset for the next page.' })),
});
export type ErrorGroupPage = Static<typeof ErrorGroupPage>;

/** Where a frame is in a file: the minified file as recorded, or the original source. */
const Position = {
  function: Nullable(Type.String()),
  file: Nullable(Type.String()),
  line: Nullable(Type.Integer()),
  column: Nullable(Type.Integer()),
};

/**
 * A stack frame, innermost first. Where an uploaded source map covers it, `function`, `file`,
 * `line` and `column` are the original source's, and `generated` is the frame as recorded.
 */
export const StackFrame = Type.Object({
  ...Position,
  inApp: Type.Boolean(),
  generated: Type.Optional(Type.Object(Position)),
});
export type StackFrame = Static<typeof StackFrame>;

/** A session an error group happened in, and when first, so a replay opens there. */
export const ErrorSession = Type.Object({
  sessionId: Type.String(),
  distinctId: Nullable(Type.String()),
  timestamp: Millis('When the error first happened in this session.'),
  offsetMs: Type.Number({ description: 'That moment, from the start of the session.' }),
  count: count,
});
export type ErrorSession = Static<typeof ErrorSession>;

/** `GET /api/errors/:id`: the group, its first error's stack resolved, and its sessions. */
export const ErrorGroupDetail = Type.Object({
  group: Type.Composite([
    ErrorGroupSummary,
    Type.Object({
      release: Nullable(Type.String()),
      /** The first error's stack as recorded (minified). */
      stack: Nullable(Type.String()),
      frames: Type.Array(StackFrame),
    }),
  ]),
  sessions: Type.Array(ErrorSession, { description: 'Latest first, up to 200.' }),
});
export type ErrorGroupDetail = Static<typeof ErrorGroupDetail>;

/** Largest source map `POST /api/sourcemaps` takes (the JSON text). */
export const MAX_SOURCE_MAP_BYTES = 20 * 1024 * 1024;

/** `POST /api/sourcemaps`: one map, for the file at `url` (in `release`, or any). */
export const SourceMapUpload = Type.Object(
  {
    release: Type.Optional(
      Type.String({
        pattern: '^[^\\s]{1,200}$',
        description:
          'The release the recorder names (its `release` option); without, the map serves errors of any release that has none of its own.',
      }),
    ),
    url: Type.String({
      pattern: '^(https?://|/)[^\\s]{0,2040}$',
      description: 'The minified file the map is for: its URL, or its path from the site root.',
    }),
    map: Type.Union([
      Type.String({ maxLength: MAX_SOURCE_MAP_BYTES, description: 'The map as JSON text.' }),
      Type.Object({}, { additionalProperties: true, description: 'The map as JSON.' }),
    ]),
  },
  { additionalProperties: false },
);
export type SourceMapUpload = Static<typeof SourceMapUpload>;

export const SourceMapStored = Type.Object({
  release: Nullable(Type.String()),
  url: Type.String(),
  sizeBytes: count,
  uploadedAt: Millis(),
});
export type SourceMapStored = Static<typeof SourceMapStored>;

export const SourceMapList = Type.Object({
  sourcemaps: Type.Array(SourceMapStored, { description: 'Latest first, up to 1000.' }),
});
export type SourceMapList = Static<typeof SourceMapList>;
