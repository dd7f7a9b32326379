import type { Filter } from '@tapedeck/protocol/api';
import { type Required, requiredLiterals } from './requiredLiterals.js';
import type { Dialect } from './sql/dialect.js';
import type { SqlDriver } from './sql/SqlDriver.js';

/** URL text a regex may be run on here, to find the rare URLs: far below a search's budget. */
const CANDIDATE_CHARS = 2 ** 20;
const CANDIDATES = 5000;

type UrlCondition = NonNullable<Filter['url']>;

/**
 * The distinct URLs of a project that a URL condition matches, exactly as the search tests
 * them (`contains` folds ASCII case on SQLite, `lower()` on PostgreSQL; a regex is RE2 on
 * SQLite, PostgreSQL's own there), found through the trigram index of `visited_urls`;
 * `more` of them at most. Null when the index cannot narrow the condition down cheaply
 * (SQLite: a needle under 3 characters, a regex with no literal every match must contain,
 * or too many candidates): the search then tests each session, as it would without it.
 */
export async function matchingUrls(
  db: SqlDriver,
  projectId: number,
  url: UrlCondition,
  more: number,
): Promise<string[] | null> {
  return db.dialect.name === 'sqlite'
    ? sqliteMatches(db, projectId, url, more)
    : postgresMatches(db, db.dialect, projectId, url, more);
}

/** The URLs whose trigrams hold an FTS5 query, within this project. */
// CROSS JOIN: the index first, then each of its URLs (never every URL of the project).
const TRIGRAMS = `FROM visited_url_trigrams f CROSS JOIN visited_urls v ON v.id = f.rowid
  WHERE f.visited_url_trigrams MATCH ? AND v.project_id = ?`;

async function sqliteMatches(
  db: SqlDriver,
  projectId: number,
  url: UrlCondition,
  more: number,
): Promise<string[] | null> {
  if (url.contains !== undefined) {
    const needle = url.contains;
    if ([...needle].length < 3 || needle.includes('\0')) return null;
    // The trigram index folds case as Unicode does, a superset of LIKE's ASCII folding:
    // it only narrows down, LIKE decides.
    const rows = await db.all<{ url: string }>(
      `SELECT v.url ${TRIGRAMS} AND v.url LIKE ? ESCAPE '\\' LIMIT ${more}`,
      [ftsPhrase(needle), projectId, `%${needle.replace(/[\\%_]/g, '\\$&')}%`],
    );
    return rows.map((r) => r.url);
  }
  const required = requiredLiterals(url.regex!);
  if (!required) return null;
  const candidates = await db.all<{ id: number; chars: number }>(
    `SELECT v.id, length(v.url) AS chars ${TRIGRAMS} LIMIT ${CANDIDATES + 1}`,
    [ftsQuery(required), projectId],
  );
  const chars = candidates.reduce((sum, c) => sum + c.chars, 0);
  if (candidates.length > CANDIDATES || chars > CANDIDATE_CHARS) return null;
  if (candidates.length === 0) return [];
  // The regex itself, on the candidates only (as a search: the driver's regexp and budget).
  const rows = await db.search<{ url: string }>(
    `SELECT url FROM visited_urls WHERE id IN (${candidates.map(() => '?').join(', ')})
     AND regexp(?, url) LIMIT ${more}`,
    [...candidates.map((c) => c.id), url.regex!],
  );
  return rows.map((r) => r.url);
}

async function postgresMatches(
  db: SqlDriver,
  d: Dialect,
  projectId: number,
  url: UrlCondition,
  more: number,
): Promise<string[] | null> {
  if (url.contains !== undefined) {
    // The exact test, and the same as LIKE (escaped after lower()), which pg_trgm's index on
    // lower(url) serves when the extension is there.
    const like = `'%' || replace(replace(replace(lower(?), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
    const rows = await db.all<{ url: string }>(
      `SELECT url FROM visited_urls WHERE project_id = ? AND lower(url) LIKE ${like}
         AND ${d.contains('url')} LIMIT ${more}`,
      [projectId, url.contains, url.contains],
    );
    return rows.map((r) => r.url);
  }
  // pg_trgm's index serves a regex as it is; bounded in time as any search.
  const rows = await db.search<{ url: string }>(
    `SELECT url FROM visited_urls WHERE project_id = ? AND ${d.matches('url')} LIMIT ${more}`,
    [projectId, url.regex!],
  );
  return rows.map((r) => r.url);
}

/** A string FTS5 reads as one phrase: the trigrams of `text`, in a row. */
const ftsPhrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

function ftsQuery(r: Required): string {
  if ('literal' in r) return ftsPhrase(r.literal);
  const parts = 'and' in r ? r.and : r.or;
  return `(${parts.map(ftsQuery).join('and' in r ? ' AND ' : ' OR ')})`;
}
