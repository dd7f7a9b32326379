/**
 * JSON as both databases store it. PostgreSQL text cannot hold NUL characters, so they are
 * dropped from strings, in either database, so both keep the same document.
 */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\0', '') : v));

/** A JSON column as read: text from either driver. */
export const fromJson = <T>(text: string): T => JSON.parse(text) as T;
