import { type Static, Type } from '@sinclair/typebox';
import { Millis, Nullable, Role } from './common.js';

/** A personal API key as listed: never the key, never its hash. */
export const ApiKey = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Role,
  prefix: Type.String({ description: 'The first characters, to tell keys apart.' }),
  createdAt: Millis(),
  lastUsedAt: Nullable(Millis()),
});
export type ApiKey = Static<typeof ApiKey>;

export const Me = Type.Object({
  key: ApiKey,
  project: Type.Object({
    name: Type.String(),
    token: Type.String({ description: 'The public ingestion token, for the SDK snippet.' }),
  }),
});
export type Me = Static<typeof Me>;

export const KeyList = Type.Object({ keys: Type.Array(ApiKey) });

export const NewKey = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), role: Role },
  { additionalProperties: false },
);
export type NewKey = Static<typeof NewKey>;

/** The new key itself is in `key`, shown this once. */
export const CreatedKey = Type.Composite([ApiKey, Type.Object({ key: Type.String() })]);
export type CreatedKey = Static<typeof CreatedKey>;
