import type { Filter } from '@tapedeck/protocol/api';
import { HttpError } from '../internal/HttpError.js';
import { indexLiterals } from './indexLiterals.js';
import type { Required } from './requiredLiterals.js';
import type { SqlDriver } from './sql/SqlDriver.js';
import { urlContainsSql } from './urlContainsSql.js';
import { urlTest } from './urlTest.js';

type UrlCondition = NonNullable<Filter['url']>;

/** URL text one search may test in JavaScript, on either store. */
export const URL_BUDGET_CHARS = 4 * 2 ** 20;
/** Distinct URLs one search may test: short URLs are cheap to read, not to test. */
const URL_BUDGET_COUNT = 2 ** 17;

/** What is left of a search's URL budget; one per search, shared by its URL conditions. */
export interface UrlBudget {
  chars: number;
  count: number;
}
export const urlBudget = (): UrlBudget => ({ chars: URL_BUDGET_CHARS, count: URL_BUDGET_COUNT });

/**
 * The distinct URLs of a project a URL condition matches, as `urlTest` means it; `narrowed`
 * when the trigram index chose the URLs looked at (else every URL of the project was), `all`
 * when every one is listed (the search then needs no other test).
 * A `contains` SQL can test (`urlContainsSql`) is answered in SQL, `more` URLs at most, and
 * only through the index (null without it: the search tests each session's URLs). Any other
 * condition (a regex, a needle with non-ASCII letters) is tested here in JavaScript on the
 * URLs the index leaves, all of them listed, within the search's `budget`: never by a
 * database's own regex engine or case folding, so both stores mean the same. Past the
 * budget, a 400 saying how to narrow the condition.
 */
export async function matchingUrls(
  db: SqlDriver,
  projectId: number,
  url: UrlCondition,
  more: number,
  budget: UrlBudget,
): Promise<{ urls: string[]; narrowed: boolean; all: boolean } | null> {
  const required = indexLiterals(url);
  const params: (string | number)[] = [];
  const from = candidates(db, projectId, required, params);
  if (url.contains !== undefined) {
    const exact = urlContainsSql(db.dialect, 'v.url', url.contains, params);
    if (exact !== null) {
      if (!required) return null;
      const rows = await db.all<{ url: string }>(
        `SELECT v.url ${from} AND ${exact} LIMIT ${more}`,
        params,
      );
      return { urls: rows.map((r) => r.url), narrowed: true, all: false };
    }
  }
  const size = await db.one<{ n: number; chars: number | null }>(
    `SELECT COUNT(*) AS n, SUM(chars) AS chars FROM
       (SELECT length(v.url) AS chars ${from} LIMIT ${budget.count + 1}) c`,
    params,
  );
  budget.count -= size?.n ?? 0;
  budget.chars -= Number(size?.chars ?? 0);
  if (budget.count < 0 || budget.chars < 0) throw overBudget(url, required !== null);
  if (!size?.n) return { urls: [], narrowed: required !== null, all: true };
  const rows = await db.all<{ url: string }>(`SELECT v.url ${from} LIMIT ${size.n}`, params);
  const test = urlTest(url);
  return { urls: rows.map((r) => r.url).filter(test), narrowed: required !== null, all: true };
}

/**
 * `FROM … WHERE …` of the project's distinct URLs (`v`) that hold what is required,
 * through the trigram index; every URL of the project when nothing is.
 */
function candidates(
  db: SqlDriver,
  projectId: number,
  required: Required | null,
  params: (string | number)[],
): string {
  if (!required) {
    params.push(projectId);
    return 'FROM visited_urls v WHERE v.project_id = ?';
  }
  if (db.dialect.name === 'sqlite') {
    params.push(ftsQuery(required), projectId);
    // CROSS JOIN: the index first, then each of its URLs (never every URL of the project).
    return `FROM visited_url_trigrams f CROSS JOIN visited_urls v ON v.id = f.rowid
      WHERE f.visited_url_trigrams MATCH ? AND v.project_id = ?`;
  }
  params.push(projectId);
  return `FROM visited_urls v WHERE v.project_id = ? AND ${likes(required, params)}`;
}

/** A string FTS5 reads as one phrase: the trigrams of `text`, in a row. */
const ftsPhrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

function ftsQuery(r: Required): string {
  if ('literal' in r) return ftsPhrase(r.literal);
  const parts = 'and' in r ? r.and : r.or;
  return `(${parts.map(ftsQuery).join('and' in r ? ' AND ' : ' OR ')})`;
}

/** pg_trgm's index on `lower(url)` serves these (LIKE's default escape is `\`). */
function likes(r: Required, params: (string | number)[]): string {
  if ('literal' in r) {
    params.push(`%${r.literal.replace(/[\\%_]/g, '\\$&')}%`);
    return 'lower(v.url) LIKE lower(?)';
  }
  const parts = ('and' in r ? r.and : r.or).map((p) => likes(p, params));
  return `(${parts.join('and' in r ? ' AND ' : ' OR ')})`;
}

function overBudget(url: UrlCondition, narrowed: boolean): HttpError {
  const what = url.regex !== undefined ? 'url regex' : 'url.contains with non-ASCII letters';
  const how = narrowed
    ? 'make it more particular (a longer literal text every match contains)'
    : url.regex !== undefined
      ? 'include a literal text of 3 or more characters that every match contains, which the index narrows the URLs by, or use url.contains'
      : 'add 3 or more ASCII characters to it, which the index narrows the URLs by';
  return new HttpError(
    400,
    `filter: the ${what} would test more than ${URL_BUDGET_CHARS / 2 ** 20} MB (or ${URL_BUDGET_COUNT.toLocaleString('en')}) of this project's distinct URLs, and was not run: ${how}.`,
  );
}
