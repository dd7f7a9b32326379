import { type Static, Type } from '@sinclair/typebox';
import { Millis, Nullable, StringEnum } from './common.js';

export const ALERT_FORMATS = ['slack', 'json'] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

/** `PUT /api/playlists/:id/alert`: where to send new matches of the playlist's filter. */
export const AlertInput = Type.Object(
  {
    url: Type.String({
      minLength: 8,
      maxLength: 2000,
      pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
      description: 'An http(s) webhook URL (a Slack incoming webhook, or any receiver).',
    }),
    format: StringEnum(ALERT_FORMATS, 'slack: `{ "text": … }`; json: the sessions as data.'),
    secret: Type.String({
      minLength: 16,
      maxLength: 200,
      description: 'Signs each body: X-Tapedeck-Signature is sha256=HMAC-SHA256(secret, body).',
    }),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type AlertInput = Static<typeof AlertInput>;

/** A playlist's alert, as shown: never its secret. */
export const Alert = Type.Object({
  playlistId: Type.Integer(),
  url: Type.String(),
  format: StringEnum(ALERT_FORMATS),
  enabled: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: Millis(),
  updatedAt: Millis(),
});
export type Alert = Static<typeof Alert>;

export const ALERT_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

/** One POST of a batch of newly matching sessions, and how it went. */
export const AlertDelivery = Type.Object({
  id: Type.Integer(),
  createdAt: Millis(),
  status: StringEnum(ALERT_DELIVERY_STATUSES),
  attempts: Type.Integer({ minimum: 0 }),
  sessionCount: Type.Integer({ minimum: 0 }),
  httpStatus: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  finishedAt: Nullable(Millis()),
});
export type AlertDelivery = Static<typeof AlertDelivery>;

export const AlertDeliveryList = Type.Object({ deliveries: Type.Array(AlertDelivery) });
export type AlertDeliveryList = Static<typeof AlertDeliveryList>;
