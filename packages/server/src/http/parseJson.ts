import { HttpError } from '../internal/HttpError.js';

/** Deeper than this, a JSON body is refused before anything walks it. */
export const MAX_JSON_DEPTH = 512;

/** How deep `text` nests arrays and objects (strings skipped), stopping past `limit`. */
function depthOf(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}

/**
 * JSON from a request, refused with a 400 when it nests past {@link MAX_JSON_DEPTH} (a
 * validator walking it would exhaust the stack) or sets `__proto__`.
 */
export function parseJson(text: string, what: string): unknown {
  if (depthOf(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new HttpError(400, `The ${what} nests deeper than ${MAX_JSON_DEPTH} levels: flatten it.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `The ${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (/"__proto__"\s*:/.test(text))
    throw new HttpError(400, `The ${what} sets __proto__: remove that field.`);
  return value;
}
