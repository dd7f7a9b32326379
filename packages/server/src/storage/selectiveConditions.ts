import type { Filter } from '@tapedeck/protocol/api';
import { conditionOf } from '../query/checkFilter.js';
import { matchingUrls, urlBudget } from './matchingUrls.js';
import { sessionsByProperty } from './sessionsByProperty.js';
import type { Dialect } from './sql/dialect.js';
import type { SqlDriver } from './sql/SqlDriver.js';
import { property } from './sqlFilter.js';
import { urlContainsSql } from './urlContainsSql.js';

/** A condition this rare is answered from a list of the sessions (or people) it matches. */
const RARE = 500;

/** A node the search answers with `column IN (values)`, its complete list of matches. */
export type Known = Map<Filter, { column: 's.id' | 's.distinct_id'; values: string[] }>;
/** URL conditions the search answers by the distinct URLs they match (see `matchingUrls`). */
export type UrlLists = Map<Filter, string[]>;

/**
 * The conditions of a filter that match few sessions: a rare event (or a common one with a
 * rare property), a drop-off after a rare event, a rare person property, a URL few sessions
 * visited (its `contains` or regex). Scanning the sessions newest first and testing each
 * (`EXISTS`) is quick when many match, but reads every session when almost none does; for
 * these, the few are found first (by an index, or one pass over the events of that name or
 * over the URLs, stopping at `RARE + 1` matches), and the search becomes `s.id IN (…)`.
 * Fills `urls` with the URL conditions the search must answer by their URLs.
 */
export async function selectiveConditions(
  db: SqlDriver,
  dialect: Dialect,
  projectId: number,
  filter: Filter,
  urls: UrlLists = new Map(),
): Promise<Known> {
  const known: Known = new Map();
  const budget = urlBudget();
  /** The matches, when they are few: at most RARE rows of `select` (its one column `v`). */
  const few = async (select: string, params: (string | number)[]) => {
    const rows = await db.all<{ v: string }>(`${select} LIMIT ${RARE + 1}`, params);
    return rows.length > RARE ? null : rows.map((r) => r.v);
  };
  /**
   * Sessions with an event of this name, if few (an index-only read); with properties, the
   * sessions whose event has them, if few: by a rare `equals` in `event_properties`, else
   * in one pass over the events of that name at most.
   */
  const withEvent = async (name: string, f?: Filter) => {
    const properties = f?.properties ?? [];
    if (properties.length) {
      const byIndex = await sessionsByProperty(db, dialect, projectId, name, properties, RARE);
      if (byIndex) return byIndex;
    }
    const some = await few(
      'SELECT DISTINCT session_id AS v FROM custom_events WHERE project_id = ? AND name = ?',
      [projectId, name],
    );
    if (!properties.length || some?.length === 0) return some;
    const params: (string | number)[] = [projectId, name];
    const where = properties.map((p) => property(dialect, 'e.properties', p, params));
    return few(
      `SELECT DISTINCT e.session_id AS v FROM custom_events e
       WHERE e.project_id = ? AND e.name = ? AND ${where.join(' AND ')}`,
      params,
    );
  };
  /**
   * Sessions with a matching URL, if few: the URLs the trigram index leads to, then their
   * sessions by `session_urls_by_url`. A condition SQL cannot test (a regex, non-ASCII
   * letters) leaves its URLs in `urls`, for the search; a `contains` the index cannot
   * narrow down is tested on every session's URLs, in one pass at most.
   */
  const withUrl = async (f: Filter) => {
    const url = f.url!;
    const found = await matchingUrls(db, projectId, url, RARE + 1, budget);
    if (found?.all) urls.set(f, found.urls);
    if (found?.narrowed) {
      if (found.urls.length > RARE) return null;
      if (found.urls.length === 0) return [];
      // No DISTINCT: it would tempt SQLite (without statistics) into reading the project's
      // every row in session order instead of the few by URL.
      const rows = await db.all<{ v: string }>(
        `SELECT session_id AS v FROM session_urls
         WHERE project_id = ? AND url IN (${found.urls.map(() => '?').join(', ')}) LIMIT ${4 * RARE + 1}`,
        [projectId, ...found.urls],
      );
      const ids = [...new Set(rows.map((r) => r.v))];
      return rows.length > 4 * RARE || ids.length > RARE ? null : ids;
    }
    if (found) return null;
    const params: (string | number)[] = [projectId];
    const test = urlContainsSql(dialect, 'url', url.contains!, params);
    return few(
      `SELECT DISTINCT session_id AS v FROM session_urls WHERE project_id = ? AND ${test}`,
      params,
    );
  };
  const visit = async (f: Filter): Promise<void> => {
    switch (conditionOf(f)) {
      case 'and':
      case 'or':
        for (const child of f.and ?? f.or ?? []) await visit(child);
        return;
      case 'not':
        return visit(f.not!);
      case 'event': {
        // A count may hold with no event at all (`lte`): only a plain event condition.
        if (f.count) return;
        const values = await withEvent(f.event!, f);
        if (values) known.set(f, { column: 's.id', values });
        return;
      }
      case 'eventThenNot': {
        // Only sessions with the first event can match: the rest of the test runs on them.
        const values = await withEvent(f.eventThenNot!.first);
        if (values) known.set(f, { column: 's.id', values });
        return;
      }
      case 'url': {
        const values = await withUrl(f);
        if (values) known.set(f, { column: 's.id', values });
        return;
      }
      case 'person': {
        const params: (string | number)[] = [projectId];
        const condition = property(dialect, 'p.properties', f.person!, params);
        const values = await few(
          `SELECT p.distinct_id AS v FROM persons p WHERE p.project_id = ? AND ${condition}`,
          params,
        );
        if (values) known.set(f, { column: 's.distinct_id', values });
        return;
      }
      default:
        return;
    }
  };
  await visit(filter);
  return known;
}
