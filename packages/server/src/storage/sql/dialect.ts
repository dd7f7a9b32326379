import type { SqlDialect } from '../sqlFilter.js';

/**
 * Everything SQLite and PostgreSQL spell differently, in one place. The store, the
 * collaboration store, the filter compiler and the migrations write every other statement
 * once, in the SQL both understand (`?` placeholders, `ON CONFLICT`, `RETURNING`).
 */
export interface Dialect extends SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Column types the migrations use. */
  readonly types: {
    /** An integer key the database assigns. */
    id: string;
    /** Milliseconds since the epoch and byte counts: past 2^31. */
    big: string;
    /** JSON documents (properties, settings). */
    json: string;
  };
  /** The smaller / larger of two values. */
  readonly least: string;
  readonly greatest: string;
  /** The UTC day (`YYYY-MM-DD`) of a column of ms timestamps. */
  utcDay(column: string): string;
  /** A JSON column as text, to order by. */
  jsonText(column: string): string;
}

export const SQLITE: Dialect = {
  name: 'sqlite',
  types: { id: 'INTEGER PRIMARY KEY', big: 'INTEGER', json: 'TEXT' },
  least: 'MIN',
  greatest: 'MAX',
  utcDay: (column) => `date(${column} / 1000, 'unixepoch')`,
  jsonText: (column) => column,
  jsonKey(column, key, params) {
    params.push(`$."${key}"`);
    return `json_extract(${column}, ?)`;
  },
  // `json_extract` gives true as 1 and an object as its text: `json_type` tells them apart.
  // The value first: most rows fail it, and then the type is never read.
  jsonEquals(column, key, value, params) {
    const path = `$."${key}"`;
    if (value === null || typeof value === 'boolean') {
      params.push(path);
      return `json_type(${column}, ?) = '${String(value)}'`;
    }
    params.push(path, value, path);
    const type = typeof value === 'string' ? "= 'text'" : "IN ('integer', 'real')";
    return `(json_extract(${column}, ?) = ? AND json_type(${column}, ?) ${type})`;
  },
  // SQLite's lower() folds ASCII letters only.
  jsonContains(column, key, needle, params) {
    const path = `$."${key}"`;
    params.push(path, needle, path);
    return `(instr(lower(json_extract(${column}, ?)), lower(?)) > 0 AND json_type(${column}, ?) = 'text')`;
  },
  indexedValue: '?',
  indexedParam: (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v),
  contains: (haystack) => `instr(lower(CAST(${haystack} AS TEXT)), lower(?)) > 0`,
  inList: (column) => `${column} IN (SELECT value FROM json_each(?))`,
};

/** JSONB columns: `->` yields JSONB, compared typed; `->>` yields text. */
export const POSTGRES: Dialect = {
  name: 'postgres',
  types: { id: 'SERIAL PRIMARY KEY', big: 'BIGINT', json: 'JSONB' },
  least: 'LEAST',
  greatest: 'GREATEST',
  utcDay: (column) => `to_char(to_timestamp(${column} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  jsonText: (column) => `${column}::text`,
  jsonKey(column, key, params) {
    params.push(key);
    return `(${column} ->> ?)`;
  },
  // A string or boolean is its `->>` text (compared first, as cheaply as text is) and its
  // type; a number, by JSONB containment, which compares numbers as numbers (1 = 1.0; 1e21
  // is no text JavaScript writes) and a key's value whole (`{"k":[1]}` holds no `{"k":1}`).
  // Null is its type: `->` gives SQL NULL for a missing key.
  jsonEquals(column, key, value, params) {
    if (value === null) {
      params.push(key);
      return `jsonb_typeof(${column} -> ?) = 'null'`;
    }
    if (typeof value === 'number') {
      params.push(JSON.stringify({ [key]: value }));
      return `${column} @> CAST(? AS jsonb)`;
    }
    params.push(key, String(value), key);
    return `((${column} ->> ?) = ? AND jsonb_typeof(${column} -> ?) = '${typeof value}')`;
  },
  // Collation "C" folds ASCII letters only, as SQLite does, whatever the database's locale.
  jsonContains(column, key, needle, params) {
    params.push(key, needle, key);
    return `(strpos(lower((${column} ->> ?) COLLATE "C"), lower(CAST(? AS text) COLLATE "C")) > 0
      AND jsonb_typeof(${column} -> ?) = 'string')`;
  },
  indexedValue: 'CAST(? AS jsonb)',
  indexedParam: (v) => JSON.stringify(v),
  contains: (haystack) => `strpos(lower(${haystack}), lower(?)) > 0`,
  inList: (column) => `${column} IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb)))`,
};
