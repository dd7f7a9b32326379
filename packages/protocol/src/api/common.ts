import { type Static, type TSchema, type TUnsafe, Type } from '@sinclair/typebox';

/** Session, window and person ids as stored: letters, digits, _ and -, up to 100. */
export const ID_PATTERN = '^[A-Za-z0-9_-]{1,100}$';

/** One of a few strings, as a plain JSON Schema `enum` (clear errors, clear documents). */
export const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

/** A value or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Every error answer: `{ "error": "what is wrong and what to do" }`. */
export const ErrorBody = Type.Object(
  { error: Type.String({ description: 'What went wrong and what to do about it.' }) },
  { $id: 'ErrorBody', title: 'Error' },
);

export const SessionIdParams = Type.Object({
  id: Type.String({ pattern: ID_PATTERN, description: 'The session id.' }),
});

export const NumericIdParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2 ** 31, description: 'The numeric id.' }),
});

export const DistinctIdParams = Type.Object({
  distinctId: Type.String({ minLength: 1, maxLength: 100, description: 'The person.' }),
});

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export const Role: TUnsafe<(typeof ROLES)[number]> = StringEnum(ROLES);
export type Role = Static<typeof Role>;

/** Milliseconds since the Unix epoch. */
export const Millis = (description = 'Milliseconds since the Unix epoch.') =>
  Type.Number({ description });
