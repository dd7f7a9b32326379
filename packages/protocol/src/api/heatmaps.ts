import { type Static, Type } from '@sinclair/typebox';
import { ID_PATTERN, Millis, Nullable, StringEnum } from './common.js';

const count = Type.Integer({ minimum: 0 });

/** Viewport widths grouped: `mobile` < 768 px ≤ `tablet` < 1024 px ≤ `desktop`. */
export const WIDTH_BUCKETS = ['mobile', 'tablet', 'desktop'] as const;
export type WidthBucket = (typeof WIDTH_BUCKETS)[number];

/** The page and time range of a heatmap (shared by its routes). */
const PageQuery = {
  url: Type.String({
    minLength: 1,
    maxLength: 2048,
    description:
      'The page: origin and path, as stored (no query or fragment). A trailing * matches every URL that starts with the rest.',
  }),
  width: Type.Optional(StringEnum(WIDTH_BUCKETS, 'Only page views at this viewport width.')),
  from: Type.Optional(Millis('Page views at or after this time.')),
  to: Type.Optional(Millis('Page views at or before this time.')),
};

export const HeatmapQuery = Type.Object(
  { ...PageQuery, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })) },
  { additionalProperties: false },
);
export type HeatmapQuery = Static<typeof HeatmapQuery>;

export const HeatmapElement = Type.Object({
  selector: Type.String({ description: "The recorder's safe selector of the clicked element." }),
  clicks: count,
  rage: Type.Integer({ minimum: 0, description: 'Rage clicks ($rageclick) on it.' }),
  dead: Type.Integer({ minimum: 0, description: 'Dead clicks ($dead_click) on it.' }),
  sessions: Type.Integer({ minimum: 0, description: 'Sessions with a click of any kind on it.' }),
});
export type HeatmapElement = Static<typeof HeatmapElement>;

export const Heatmap = Type.Object({
  sessions: Type.Integer({ minimum: 0, description: 'Sessions with a page view of the page.' }),
  pageviews: count,
  snapshot: Nullable(
    Type.Object(
      { sessionId: Type.String(), offsetMs: Type.Number() },
      { description: 'A recent page view of the page, to replay as the background.' },
    ),
  ),
  elements: Type.Array(HeatmapElement, { description: 'Most clicked first, at most `limit`.' }),
  points: Type.Array(Type.Object({ x: count, y: count, clicks: count }), {
    description: 'Clicks on a 10 px grid of the page (y includes the scroll), at most 2,000.',
  }),
  scroll: Type.Array(Type.Object({ y: count, pageviews: count }), {
    description:
      'How far page views were read: page views whose deepest fold (scroll top plus viewport height) is in [y, y + 100) px.',
  }),
});
export type Heatmap = Static<typeof Heatmap>;

export const HeatmapSessionsQuery = Type.Object(
  {
    ...PageQuery,
    selector: Type.String({ minLength: 1, maxLength: 300 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type HeatmapSessionsQuery = Static<typeof HeatmapSessionsQuery>;

export const HeatmapSession = Type.Object({
  sessionId: Type.String({ pattern: ID_PATTERN }),
  distinctId: Nullable(Type.String()),
  timestamp: Millis('The first click on the element.'),
  offsetMs: Type.Number({ description: 'That click, in ms from the start of the session.' }),
  clicks: count,
});
export type HeatmapSession = Static<typeof HeatmapSession>;

export const HeatmapSessions = Type.Object({ sessions: Type.Array(HeatmapSession) });
export type HeatmapSessions = Static<typeof HeatmapSessions>;

export const HeatmapUrlsQuery = Type.Object(
  { from: Type.Optional(Millis()), to: Type.Optional(Millis()) },
  { additionalProperties: false },
);
export const HeatmapUrls = Type.Object({
  urls: Type.Array(Type.Object({ url: Type.String(), pageviews: count }), {
    description: 'Pages with the most page views first, at most 200.',
  }),
});
export type HeatmapUrls = Static<typeof HeatmapUrls>;
