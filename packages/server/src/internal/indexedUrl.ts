import { redactUrl } from '@tapedeck/protocol';

/** Characters of a URL the index keeps. */
export const MAX_INDEXED_URL = 2048;

/**
 * A URL as the index holds it: cut to `MAX_INDEXED_URL` characters, never inside a
 * surrogate pair (a half emoji would be stored as U+FFFD), then redacted as every URL is.
 */
export function indexedUrl(href: string): string {
  let end = Math.min(href.length, MAX_INDEXED_URL);
  const last = href.charCodeAt(end - 1);
  if (end < href.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return redactUrl(href.slice(0, end));
}
