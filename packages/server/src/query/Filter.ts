import { HttpError } from '../internal/HttpError.js';

/** A condition on a JSON property: of a custom event, or of a person. */
export interface PropertyCondition {
  key: string;
  equals?: string | number | boolean;
  contains?: string;
  isSet?: boolean;
}

export type Signal =
  | 'rageClicks'
  | 'deadClicks'
  | 'thrashing'
  | 'consoleErrors'
  | 'networkErrors'
  | 'exceptions';

export interface Range {
  min?: number;
  max?: number;
}

export interface CountCondition {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
}

/**
 * A session filter. Leaves combine with `and`, `or` and `not`:
 * `{ and: [{ event: 'checkout_started' }, { has: 'rageClicks' }, { deviceType: 'mobile' }] }`.
 */
export type Filter =
  | { and: Filter[] }
  | { or: Filter[] }
  | { not: Filter }
  | { date: { from?: number; to?: number } }
  | { duration: Range }
  | { activeDuration: Range }
  | { event: string; properties?: PropertyCondition[]; count?: CountCondition }
  | { eventThenNot: { first: string; notAfter: string } }
  | { person: PropertyCondition }
  | { personFirstSeen: { after?: number; withinDays?: number } }
  | { cohort: number }
  | { distinctId: string }
  | { url: { contains?: string; regex?: string } }
  | { has: Signal }
  | { tag: string }
  | { browser: string }
  | { os: string }
  | { deviceType: string };

export const SIGNALS: Signal[] = [
  'rageClicks',
  'deadClicks',
  'thrashing',
  'consoleErrors',
  'networkErrors',
  'exceptions',
];

const MAX_DEPTH = 8;
const MAX_LEAVES = 50;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(path: string, message: string): never {
  throw new HttpError(400, `filter${path}: ${message}`);
}

function str(path: string, v: unknown, max = 500): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    bad(path, `must be a string of 1 to ${max} characters`);
  return v;
}

function num(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(path, 'must be a number');
  return v;
}

function checkKeys(path: string, v: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(v))
    if (!allowed.includes(key))
      bad(path, `has an unknown field "${key}" (allowed: ${allowed.join(', ')})`);
}

function checkProperty(path: string, v: unknown): void {
  if (!isObject(v)) bad(path, 'must be an object like { key, equals | contains | isSet }');
  checkKeys(path, v, ['key', 'equals', 'contains', 'isSet']);
  if (/["\\]/.test(str(`${path}.key`, v.key, 200))) bad(`${path}.key`, 'may not contain " or \\');
  const ops = ['equals', 'contains', 'isSet'].filter((k) => v[k] !== undefined);
  if (ops.length !== 1) bad(path, 'needs exactly one of equals, contains or isSet');
  if (v.equals !== undefined && !['string', 'number', 'boolean'].includes(typeof v.equals))
    bad(`${path}.equals`, 'must be a string, number or boolean');
  if (v.contains !== undefined) str(`${path}.contains`, v.contains);
  if (v.isSet !== undefined && typeof v.isSet !== 'boolean')
    bad(`${path}.isSet`, 'must be true or false');
}

function checkRange(path: string, v: unknown, allowed: string[]): void {
  if (!isObject(v)) bad(path, `must be an object with ${allowed.join(' and/or ')}`);
  checkKeys(path, v, allowed);
  if (allowed.every((k) => v[k] === undefined)) bad(path, `needs ${allowed.join(' or ')}`);
  for (const k of allowed) if (v[k] !== undefined) num(`${path}.${k}`, v[k]);
}

/**
 * Checks a filter from a request, naming the first bad part, e.g.
 * `filter.and[1].has: must be one of rageClicks, …`. Returns it typed.
 */
export function validateFilter(input: unknown): Filter {
  let leaves = 0;
  const walk = (v: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) bad(path, `nests deeper than ${MAX_DEPTH} levels`);
    if (!isObject(v)) bad(path, 'must be an object');
    const keys = Object.keys(v);
    if (keys.length === 0) bad(path, 'is empty');
    const [kind] = keys;
    if (kind === 'and' || kind === 'or') {
      checkKeys(path, v, [kind]);
      const list = v[kind];
      if (!Array.isArray(list) || list.length === 0)
        bad(`${path}.${kind}`, 'must be a non-empty array');
      list.forEach((item, i) => {
        walk(item, `${path}.${kind}[${i}]`, depth + 1);
      });
      return;
    }
    if (kind === 'not') {
      checkKeys(path, v, ['not']);
      walk(v.not, `${path}.not`, depth + 1);
      return;
    }
    if (++leaves > MAX_LEAVES) bad('', `has more than ${MAX_LEAVES} conditions`);
    switch (kind) {
      case 'date':
        checkRange(`${path}.date`, v.date, ['from', 'to']);
        return;
      case 'duration':
      case 'activeDuration':
        checkRange(`${path}.${kind}`, v[kind], ['min', 'max']);
        return;
      case 'event': {
        checkKeys(path, v, ['event', 'properties', 'count']);
        str(`${path}.event`, v.event, 200);
        if (v.properties !== undefined) {
          if (!Array.isArray(v.properties)) bad(`${path}.properties`, 'must be an array');
          v.properties.forEach((p, i) => {
            checkProperty(`${path}.properties[${i}]`, p);
          });
        }
        if (v.count !== undefined)
          checkRange(`${path}.count`, v.count, ['gt', 'gte', 'lt', 'lte', 'eq']);
        return;
      }
      case 'eventThenNot': {
        const e = v.eventThenNot;
        if (!isObject(e)) bad(`${path}.eventThenNot`, 'must be { first, notAfter }');
        checkKeys(`${path}.eventThenNot`, e, ['first', 'notAfter']);
        str(`${path}.eventThenNot.first`, e.first, 200);
        str(`${path}.eventThenNot.notAfter`, e.notAfter, 200);
        return;
      }
      case 'person':
        checkProperty(`${path}.person`, v.person);
        return;
      case 'personFirstSeen':
        checkRange(`${path}.personFirstSeen`, v.personFirstSeen, ['after', 'withinDays']);
        return;
      case 'cohort':
        if (!Number.isInteger(v.cohort)) bad(`${path}.cohort`, 'must be a cohort id');
        return;
      case 'url': {
        const u = v.url;
        if (!isObject(u)) bad(`${path}.url`, 'must be { contains } or { regex }');
        checkKeys(`${path}.url`, u, ['contains', 'regex']);
        if ((u.contains === undefined) === (u.regex === undefined))
          bad(`${path}.url`, 'needs exactly one of contains or regex');
        if (u.contains !== undefined) str(`${path}.url.contains`, u.contains);
        if (u.regex !== undefined) {
          const source = str(`${path}.url.regex`, u.regex, 200);
          try {
            new RegExp(source);
          } catch (error) {
            bad(
              `${path}.url.regex`,
              `is not a valid regular expression (${(error as Error).message})`,
            );
          }
        }
        return;
      }
      case 'has':
        if (!SIGNALS.includes(v.has as Signal))
          bad(`${path}.has`, `must be one of ${SIGNALS.join(', ')}`);
        return;
      case 'tag':
      case 'distinctId':
      case 'browser':
      case 'os':
      case 'deviceType':
        checkKeys(path, v, [kind]);
        str(`${path}.${kind}`, v[kind], 200);
        return;
      default:
        bad(path, `has an unknown condition "${kind}"`);
    }
  };
  walk(input, '', 0);
  return input as Filter;
}
