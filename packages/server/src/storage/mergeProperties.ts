type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * How `$identify` properties fold into a person's, on every database: a JSON Merge Patch
 * (RFC 7396, what SQLite's `json_patch` does). Objects merge key by key, at any depth; a
 * key set to `null` is removed; anything else (strings, numbers, arrays) replaces the value.
 *
 *   { plan: 'free', address: { city: 'Oslo', zip: '0150' }, beta: true }
 *   + { plan: 'pro', address: { zip: '0151' }, beta: null }
 *   = { plan: 'pro', address: { city: 'Oslo', zip: '0151' } }
 */
export function mergeProperties(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  // Entries, not assignment: a key named `__proto__` stays a key.
  const merged = new Map(Object.entries(isObject(target) ? target : {}));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) merged.delete(key);
    else merged.set(key, mergeProperties(merged.get(key), value));
  }
  return Object.fromEntries(merged);
}
