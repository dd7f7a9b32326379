import { FILTER_LIMITS, type Filter } from '@tapedeck/protocol/api';
import { RE2JS } from 're2js';
import { savedFilterProblem } from '../http/validation.js';
import { HttpError } from '../internal/HttpError.js';

/** With its cohorts expanded, a filter may hold at most this many conditions. */
export const MAX_EXPANDED_CONDITIONS = 200;

const bad = (path: string, message: string): never => {
  throw new HttpError(400, `${path} ${message}.`);
};

/** The one condition of a node (its key), beside `event`'s `properties` and `count`. */
export const conditionOf = (node: Filter): keyof Filter =>
  (Object.keys(node) as (keyof Filter)[]).find((k) => k !== 'properties' && k !== 'count') ??
  'event';

/**
 * What the schema cannot say about a filter that passed it: how deep it nests and how many
 * conditions it holds, and that each url regex is one the linear-time engine (RE2 syntax)
 * runs. Throws a 400 naming the place, e.g. `filter.and[1].url.regex: …`.
 */
export function checkFilter(filter: Filter, path = 'filter'): Filter {
  let conditions = 0;
  const walk = (node: Filter, at: string, depth: number): void => {
    if (depth > FILTER_LIMITS.depth) bad(at, `nests deeper than ${FILTER_LIMITS.depth} levels`);
    const kind = conditionOf(node);
    if (kind === 'and' || kind === 'or') {
      node[kind]!.forEach((child, i) => {
        walk(child, `${at}.${kind}[${i}]`, depth + 1);
      });
      return;
    }
    if (kind === 'not') {
      walk(node.not!, `${at}.not`, depth + 1);
      return;
    }
    if (++conditions > FILTER_LIMITS.conditions)
      bad(path, `has more than ${FILTER_LIMITS.conditions} conditions`);
    if (node.url?.regex !== undefined) {
      try {
        RE2JS.compile(node.url.regex);
      } catch (error) {
        bad(
          `${at}.url.regex`,
          `is not a regular expression in RE2 syntax (${(error as Error).message})`,
        );
      }
    }
  };
  walk(filter, path, 0);
  return filter;
}

/** Finds a saved cohort's person filter; null when there is none. */
export type CohortLookup = (id: number) => Promise<unknown> | unknown;

/**
 * Replaces each `{ cohort: id }` with the cohort's saved person filter, looking each cohort
 * up once; a saved filter that no longer passes the schema, or an expanded filter past
 * {@link MAX_EXPANDED_CONDITIONS} conditions, is a 400.
 */
export async function expandCohorts(filter: Filter, lookup: CohortLookup): Promise<Filter> {
  const found = new Map<number, Filter>();
  let conditions = 0;
  const walk = async (node: Filter): Promise<Filter> => {
    const kind = conditionOf(node);
    if (kind === 'and' || kind === 'or')
      return { [kind]: await Promise.all(node[kind]!.map(walk)) } as Filter;
    if (kind === 'not') return { not: await walk(node.not!) };
    if (kind !== 'cohort') {
      if (++conditions > MAX_EXPANDED_CONDITIONS) tooLarge();
      return node;
    }
    const id = node.cohort!;
    let saved = found.get(id);
    if (!saved) {
      const stored = await lookup(id);
      if (stored === null || stored === undefined)
        bad('filter', `there is no cohort ${id} in this project`);
      const problem = savedFilterProblem('PersonFilter', stored);
      if (problem)
        bad(
          'filter',
          `uses cohort ${id}, whose saved filter no longer passes (${problem}): delete and recreate it`,
        );
      saved = checkFilter(stored as Filter, `cohort ${id}`);
      found.set(id, saved);
    }
    conditions += countConditions(saved);
    if (conditions > MAX_EXPANDED_CONDITIONS) tooLarge();
    return saved;
  };
  return walk(filter);
}

function tooLarge(): never {
  return bad(
    'filter',
    `with its cohorts expanded it has more than ${MAX_EXPANDED_CONDITIONS} conditions: use fewer cohorts or smaller ones`,
  );
}

function countConditions(node: Filter): number {
  const kind = conditionOf(node);
  if (kind === 'and' || kind === 'or')
    return node[kind]!.reduce((sum, child) => sum + countConditions(child), 0);
  if (kind === 'not') return countConditions(node.not!);
  return 1;
}
