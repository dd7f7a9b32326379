import type {
  CountCondition,
  Filter,
  PropertyCondition,
  PropertyValue,
  Range,
} from '@tapedeck/protocol/api';
import { HttpError } from '../internal/HttpError.js';
import { conditionOf } from '../query/checkFilter.js';
import type { Known, UrlLists } from './selectiveConditions.js';
import { urlContainsSql } from './urlContainsSql.js';

type Param = string | number;
export interface Compiled {
  sql: string;
  params: Param[];
}

const SIGNAL_COLUMNS = {
  rageClicks: 'rage_click_count',
  deadClicks: 'dead_click_count',
  thrashing: 'thrashing_count',
  consoleErrors: 'console_error_count',
  networkErrors: 'network_error_count',
  exceptions: 'exception_count',
} as const;

const DAY_MS = 86_400_000;
const sameSession = (alias: string) =>
  `${alias}.project_id = s.project_id AND ${alias}.session_id = s.id`;

/** Where SQLite and PostgreSQL write the same condition differently. */
export interface SqlDialect {
  /** A top-level key of a JSON column; pushes the key's parameter. */
  jsonKey(column: string, key: string, params: Param[]): string;
  /** A top-level key of a JSON column is the JSON value `value`: same type, same value. */
  jsonEquals(column: string, key: string, value: PropertyValue, params: Param[]): string;
  /** A top-level key of a JSON column holds a string with `needle` in it (ASCII case folds). */
  jsonContains(column: string, key: string, needle: string, params: Param[]): string;
  /** How `event_properties.value` is compared with an `equals` (see eventProperties.ts). */
  indexedValue: string;
  /** The parameter of `indexedValue`. */
  indexedParam(value: string | number | boolean): Param;
  /** `haystack` contains the next parameter. */
  contains(haystack: string): string;
  /** `column` is one of the strings of the next parameter, a JSON array. */
  inList(column: string): string;
}

function range(column: string, r: Range, params: Param[]): string {
  const parts: string[] = [];
  if (r.min !== undefined) {
    parts.push(`${column} >= ?`);
    params.push(r.min);
  }
  if (r.max !== undefined) {
    parts.push(`${column} <= ?`);
    params.push(r.max);
  }
  return parts.join(' AND ');
}

function count(expression: string, c: CountCondition, params: Param[]): string {
  const ops = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '=' } as const;
  const parts = (Object.keys(ops) as (keyof typeof ops)[])
    .filter((k) => c[k] !== undefined)
    .map((k) => {
      params.push(c[k]!);
      return `${expression} ${ops[k]} ?`;
    });
  return parts.join(' AND ');
}

export function property(
  dialect: SqlDialect,
  json: string,
  p: PropertyCondition,
  params: Param[],
): string {
  // One meaning on both stores (see PropertyCondition): typed equality, strings contain.
  if (p.equals !== undefined) return dialect.jsonEquals(json, p.key, p.equals, params);
  if (p.contains !== undefined) return dialect.jsonContains(json, p.key, p.contains, params);
  // A JSON null reads as SQL NULL in both: set means present and not null.
  const value = dialect.jsonKey(json, p.key, params);
  return `${value} IS ${p.isSet ? 'NOT ' : ''}NULL`;
}

/**
 * Compiles a checked filter, its cohorts already expanded (see `expandCohorts`), into a
 * WHERE clause over `sessions s`, with its parameters. Only the condition a node holds is
 * read, so what the schema refused can never reach SQL. A node in `known` (a rare condition,
 * see `selectiveConditions`) is answered by the list of what it matches; a URL condition in
 * `urls`, by the distinct URLs it matches (a regex always is: no database runs it).
 */
export function compileFilter(
  filter: Filter,
  dialect: SqlDialect,
  now = Date.now(),
  known: Known = new Map(),
  urls: UrlLists = new Map(),
): Compiled {
  const params: Param[] = [];
  const bind = (value: Param, sql: string) => {
    params.push(value);
    return sql;
  };
  const listed = (f: Filter) => {
    const { column, values } = known.get(f)!;
    if (values.length === 0) return '1 = 0';
    params.push(...values);
    return `${column} IN (${values.map(() => '?').join(', ')})`;
  };
  const walk = (f: Filter): string => {
    // A drop-off is tested on the sessions with its first event; the rest, by their list.
    if (known.has(f) && conditionOf(f) !== 'eventThenNot') return listed(f);
    switch (conditionOf(f)) {
      case 'and':
        return `(${f.and!.map(walk).join(' AND ')})`;
      case 'or':
        return `(${f.or!.map(walk).join(' OR ')})`;
      case 'not':
        // A condition on a missing value (no distinct id, say) is NULL, not false: count it false.
        return `(NOT COALESCE(${walk(f.not!)}, FALSE))`;
      case 'date': {
        const parts: string[] = [];
        if (f.date!.from !== undefined) parts.push(bind(f.date!.from, 's.start_time >= ?'));
        if (f.date!.to !== undefined) parts.push(bind(f.date!.to, 's.start_time <= ?'));
        return `(${parts.join(' AND ')})`;
      }
      case 'duration':
        return `(${range('(s.end_time - s.start_time)', f.duration!, params)})`;
      case 'activeDuration':
        return `(${range('s.active_ms', f.activeDuration!, params)})`;
      case 'event': {
        params.push(f.event!);
        const conditions = (f.properties ?? []).map(
          (p) => ` AND ${property(dialect, 'e.properties', p, params)}`,
        );
        const matching = `FROM custom_events e WHERE ${sameSession('e')} AND e.name = ?${conditions.join('')}`;
        if (!f.count) return `EXISTS (SELECT 1 ${matching})`;
        return `(${count(`(SELECT COUNT(*) ${matching})`, f.count, params)})`;
      }
      case 'eventThenNot': {
        const candidates = known.has(f) ? `${listed(f)} AND ` : '';
        params.push(f.eventThenNot!.first, f.eventThenNot!.notAfter);
        return `${candidates}EXISTS (SELECT 1 FROM custom_events a WHERE ${sameSession('a')} AND a.name = ?
          AND NOT EXISTS (SELECT 1 FROM custom_events b WHERE ${sameSession('b')} AND b.name = ?
            AND b.timestamp > a.timestamp))`;
      }
      case 'person': {
        const condition = property(dialect, 'p.properties', f.person!, params);
        return `EXISTS (SELECT 1 FROM persons p WHERE p.project_id = s.project_id
          AND p.distinct_id = s.distinct_id AND ${condition})`;
      }
      case 'personFirstSeen': {
        const seen = f.personFirstSeen!;
        const after = Math.max(
          seen.after ?? 0,
          seen.withinDays !== undefined ? now - seen.withinDays * DAY_MS : 0,
        );
        params.push(after);
        return `EXISTS (SELECT 1 FROM persons p WHERE p.project_id = s.project_id
          AND p.distinct_id = s.distinct_id AND p.first_seen >= ?)`;
      }
      case 'cohort':
        throw new HttpError(500, 'A cohort reached the SQL compiler unexpanded.');
      case 'distinctId':
        return bind(f.distinctId!, 's.distinct_id = ?');
      case 'url': {
        const url = f.url!;
        const list = urls.get(f);
        if (list?.length === 0) return '1 = 0';
        if (list) params.push(JSON.stringify(list));
        const test = list
          ? dialect.inList('u.url')
          : url.contains !== undefined
            ? urlContainsSql(dialect, 'u.url', url.contains, params)
            : null;
        if (test === null)
          throw new HttpError(500, 'A url condition reached the SQL compiler without its URLs.');
        return `EXISTS (SELECT 1 FROM session_urls u WHERE ${sameSession('u')} AND ${test})`;
      }
      case 'tag':
        return bind(
          f.tag!,
          'EXISTS (SELECT 1 FROM session_tags t WHERE t.project_id = s.project_id AND t.session_id = s.id AND t.tag = ?)',
        );
      case 'has':
        if (f.has === 'poorVitals')
          return `EXISTS (SELECT 1 FROM session_vitals v WHERE ${sameSession('v')} AND v.poor = 1)`;
        return `s.${SIGNAL_COLUMNS[f.has!]} > 0`;
      case 'vital': {
        const { name, ...bounds } = f.vital!;
        params.push(name);
        const within = count('v.value', bounds, params);
        return `EXISTS (SELECT 1 FROM session_vitals v WHERE ${sameSession('v')} AND v.name = ?
          AND ${within})`;
      }
      case 'browser':
        return bind(f.browser!, 'lower(s.browser) = lower(?)');
      case 'os':
        return bind(f.os!, 'lower(s.os) = lower(?)');
      case 'deviceType':
        return bind(f.deviceType!, 'lower(s.device_type) = lower(?)');
      case 'country': {
        const codes = typeof f.country === 'string' ? [f.country] : f.country!.in;
        params.push(...codes.map((code) => code.toUpperCase()));
        return `s.country IN (${codes.map(() => '?').join(', ')})`;
      }
      default:
        throw new HttpError(400, 'filter: a node holds no condition.');
    }
  };
  return { sql: walk(filter), params };
}
