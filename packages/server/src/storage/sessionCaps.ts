// What the index may hold (both databases).

/** A person's merged properties, as JSON text, stay under this; a merge past it is skipped. */
export const MAX_PERSON_PROPERTIES_CHARS = 16_000;
