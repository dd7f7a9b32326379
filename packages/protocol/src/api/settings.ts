import { type Static, Type } from '@sinclair/typebox';
import { Nullable, StringEnum } from './common.js';

const pattern = Type.String({ minLength: 1, maxLength: 500 });

/** A project's recording settings, served to the SDK; options set in code win. */
export const RecordingSettings = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    sampleRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    minimumDurationMs: Type.Optional(Type.Integer({ minimum: 0 })),
    recordConsole: Type.Optional(Type.Boolean()),
    recordNetwork: Type.Optional(Type.Boolean()),
    privacy: Type.Optional(StringEnum(['default', 'strict'] as const)),
    urlBlocklist: Type.Optional(Type.Array(pattern, { maxItems: 200 })),
    triggerEvents: Type.Optional(Type.Array(pattern, { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export type RecordingSettings = Static<typeof RecordingSettings>;

export const Settings = Type.Object({
  retentionDays: Type.Integer(),
  dailyQuotaMb: Nullable(Type.Number()),
  recording: RecordingSettings,
});
export type Settings = Static<typeof Settings>;

export const SettingsUpdate = Type.Object(
  {
    retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    dailyQuotaMb: Type.Optional(
      Nullable(Type.Number({ exclusiveMinimum: 0, description: 'null for no quota' })),
    ),
    recording: Type.Optional(RecordingSettings),
  },
  { additionalProperties: false },
);
export type SettingsUpdate = Static<typeof SettingsUpdate>;

export const Usage = Type.Object({
  sessionsPerDay: Type.Array(
    Type.Object({ day: Type.String(), sessions: Type.Integer(), bytes: Type.Number() }),
  ),
  totalSessions: Type.Integer(),
  storedBytes: Type.Number(),
  averageSessionBytes: Type.Number(),
  retentionDays: Type.Integer(),
  projectedStoredBytes: Type.Number(),
});
export type Usage = Static<typeof Usage>;
