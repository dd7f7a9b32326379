import type { Filter } from '@tapedeck/protocol/api';
import { RE2JS } from 're2js';

type UrlCondition = NonNullable<Filter['url']>;

/**
 * What a URL condition means, on every store: `contains` ignores case as JavaScript's
 * `toLowerCase()` does (every letter with a lowercase form, not ASCII alone), a regex is RE2
 * (`re2js`: linear time, `\w` and `\b` ASCII, `.` no newline). The stores' SQL only narrows
 * down which URLs are tested, or tests exactly this (see `urlContainsSql`).
 */
export function urlTest(url: UrlCondition): (text: string) => boolean {
  if (url.contains !== undefined) {
    const needle = url.contains.toLowerCase();
    return (text) => text.toLowerCase().includes(needle);
  }
  const re = RE2JS.compile(url.regex!);
  return (text) => re.test(text);
}
