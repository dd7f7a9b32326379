import type { Filter } from '@tapedeck/protocol/api';
import { type Required, requiredLiterals } from './requiredLiterals.js';

type UrlCondition = NonNullable<Filter['url']>;

/** Shorter runs hold no trigram. */
const MIN_RUN = 3;

/**
 * What a URL that matches the condition must contain, in a form both trigram indexes
 * (SQLite's FTS5, PostgreSQL's pg_trgm on `lower(url)`) fold no further than JavaScript
 * does, so that asking for it only narrows down; null when nothing can be asked.
 *
 * A regex's literals (see `requiredLiterals`) are in the URL as written, and each database
 * lowercases a character alone, the same in the URL and in the literal; except a sigma,
 * which ICU lowercases by its neighbours: runs end there. A `contains` needle is lowercased
 * as JavaScript does, and a URL character that JavaScript lowercases into the needle need
 * not be one a database folds: only ASCII runs are kept, without `i` and `k` (İ and the
 * Kelvin sign lowercase to them in JavaScript, not in every database).
 */
export function indexLiterals(url: UrlCondition): Required | null {
  if (url.contains !== undefined) {
    const runs = runsOf(url.contains.toLowerCase(), (c) => c < '\x80' && c !== 'i' && c !== 'k');
    return all(runs.map((literal) => ({ literal })));
  }
  const required = requiredLiterals(url.regex!);
  return required && narrowable(required);
}

const notSigma = (c: string) => !'Σσς'.includes(c);

function narrowable(r: Required): Required | null {
  if ('literal' in r) return all(runsOf(r.literal, notSigma).map((literal) => ({ literal })));
  const parts = 'and' in r ? r.and : r.or;
  const kept = parts.map(narrowable);
  if ('and' in r) return all(kept.filter((k) => k !== null));
  return kept.some((k) => k === null) ? null : { or: kept as Required[] };
}

/** The runs of at least MIN_RUN characters that `keep` keeps; NUL is never kept. */
function runsOf(text: string, keep: (c: string) => boolean): string[] {
  const runs: string[] = [];
  let run: string[] = [];
  for (const c of [...text, '\0']) {
    if (c !== '\0' && keep(c)) run.push(c);
    else {
      if (run.length >= MIN_RUN) runs.push(run.join(''));
      run = [];
    }
  }
  return runs;
}

function all(parts: Required[]): Required | null {
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : { and: parts };
}
