import type { PropertyCondition } from '@tapedeck/protocol/api';
import type { Dialect } from './sql/dialect.js';
import { MAX_INDEXED_KEY_BYTES, MAX_INDEXED_VALUE_BYTES } from './sql/eventProperties.js';
import type { SqlDriver } from './sql/SqlDriver.js';
import { property } from './sqlFilter.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
type IndexedValue = string | number | boolean;

/** An `equals` the index holds every match of (see eventProperties.ts). */
const indexed = (p: PropertyCondition): p is PropertyCondition & { equals: IndexedValue } =>
  p.equals !== undefined &&
  p.equals !== null &&
  bytes(p.key) <= MAX_INDEXED_KEY_BYTES &&
  (typeof p.equals !== 'string' || bytes(p.equals) <= MAX_INDEXED_VALUE_BYTES);

/**
 * The sessions with an event of this name whose properties meet every condition, when an
 * `equals` among them has at most `most` sessions in `event_properties`: those sessions,
 * each tested on its events of that name (the index only narrows down). Undefined when no
 * condition is that rare: the caller reads the events instead.
 */
export async function sessionsByProperty(
  db: SqlDriver,
  dialect: Dialect,
  projectId: number,
  name: string,
  properties: PropertyCondition[],
  most: number,
): Promise<string[] | undefined> {
  const from = `FROM event_properties x WHERE x.project_id = ? AND x.name = ? AND x.key = ?
    AND x.type = ? AND x.value = ${dialect.indexedValue}`;
  // The JSON type of the value, as the index names it (see eventProperties.ts).
  const at = (p: { key: string; equals: IndexedValue }) => [
    ...[projectId, name, p.key, typeof p.equals],
    dialect.indexedParam(p.equals),
  ];
  let rarest: { p: PropertyCondition & { equals: IndexedValue }; n: number } | undefined;
  for (const p of properties.filter(indexed)) {
    const row = await db.one<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 ${from} LIMIT ${most + 1}) t`,
      at(p),
    );
    const n = Number(row?.n ?? 0);
    if (n === 0) return [];
    if (n <= most && (!rarest || n < rarest.n)) rarest = { p, n };
  }
  if (!rarest) return undefined;
  const params: (string | number)[] = at(rarest.p);
  const where = properties.map((p) => property(dialect, 'e.properties', p, params));
  const rows = await db.all<{ v: string }>(
    `SELECT x.session_id AS v ${from}
       AND EXISTS (SELECT 1 FROM custom_events e WHERE e.project_id = x.project_id
         AND e.name = x.name AND e.session_id = x.session_id AND ${where.join(' AND ')})`,
    params,
  );
  return rows.map((r) => r.v);
}
