import type { Filter } from '@tapedeck/protocol/api';
import { conditionOf } from '../query/checkFilter.js';
import { matchingUrls } from './matchingUrls.js';
import type { Dialect } from './sql/dialect.js';
import type { SqlDriver } from './sql/SqlDriver.js';
import { property } from './sqlFilter.js';

/** A condition this rare is answered from a list of the sessions (or people) it matches. */
const RARE = 500;

/** A node the search answers with `column IN (values)`, its complete list of matches. */
export type Known = Map<Filter, { column: 's.id' | 's.distinct_id'; values: string[] }>;

/**
 * The conditions of a filter that match few sessions: a rare event (or a common one with a
 * rare property), a drop-off after a rare event, a rare person property, a URL few sessions
 * visited (its `contains` or regex). Scanning the sessions newest first and testing each
 * (`EXISTS`) is quick when many match, but reads every session when almost none does; for
 * these, the few are found first (by an index, or one pass over the events of that name or
 * over the URLs, stopping at `RARE + 1` matches), and the search becomes `s.id IN (…)`.
 */
export async function selectiveConditions(
  db: SqlDriver,
  dialect: Dialect,
  projectId: number,
  filter: Filter,
): Promise<Known> {
  const known: Known = new Map();
  /** The matches, when they are few: at most RARE rows of `select` (its one column `v`). */
  const few = async (select: string, params: (string | number)[]) => {
    const rows = await db.all<{ v: string }>(`${select} LIMIT ${RARE + 1}`, params);
    return rows.length > RARE ? null : rows.map((r) => r.v);
  };
  /**
   * Sessions with an event of this name, if few (an index-only read); with properties, the
   * sessions whose event has them, if few (one pass over the events of that name at most).
   */
  const withEvent = async (name: string, f?: Filter) => {
    const some = await few(
      'SELECT DISTINCT session_id AS v FROM custom_events WHERE project_id = ? AND name = ?',
      [projectId, name],
    );
    if (!f?.properties?.length || some?.length === 0) return some;
    const params: (string | number)[] = [projectId, name];
    const where = f.properties.map((p) => property(dialect, 'e.properties', p, params));
    return few(
      `SELECT DISTINCT e.session_id AS v FROM custom_events e
       WHERE e.project_id = ? AND e.name = ? AND ${where.join(' AND ')}`,
      params,
    );
  };
  /**
   * Sessions with a matching URL, if few: the URLs through the trigram index, then their
   * sessions by `session_urls_by_url`. Where the index cannot tell, a `contains` is tested on
   * every session's URLs in one pass at most, a regex left to the search, within its budget.
   */
  const withUrl = async (url: NonNullable<Filter['url']>) => {
    const urls = await matchingUrls(db, projectId, url, RARE + 1);
    if (urls) {
      if (urls.length > RARE) return null;
      if (urls.length === 0) return [];
      // No DISTINCT: it would tempt SQLite (without statistics) into reading the project's
      // every row in session order instead of the few by URL.
      const rows = await db.all<{ v: string }>(
        `SELECT session_id AS v FROM session_urls
         WHERE project_id = ? AND url IN (${urls.map(() => '?').join(', ')}) LIMIT ${4 * RARE + 1}`,
        [projectId, ...urls],
      );
      const ids = [...new Set(rows.map((r) => r.v))];
      return rows.length > 4 * RARE || ids.length > RARE ? null : ids;
    }
    if (url.contains === undefined) return null;
    // SQLite: LIKE folds ASCII case as lower() does there, in half the time.
    const [test, needle] =
      dialect.name === 'sqlite'
        ? ["url LIKE ? ESCAPE '\\'", `%${url.contains.replace(/[\\%_]/g, '\\$&')}%`]
        : [dialect.contains('url'), url.contains];
    return few(
      `SELECT DISTINCT session_id AS v FROM session_urls WHERE project_id = ? AND ${test}`,
      [projectId, needle],
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
        const values = await withUrl(f.url!);
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
