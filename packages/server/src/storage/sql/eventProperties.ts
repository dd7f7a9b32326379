import type { Dialect } from './dialect.js';

/**
 * Longer keys and string values (UTF-8 bytes) are left out, so a row fits PostgreSQL's
 * B-tree. A filter whose key or `equals` is longer is answered without the index.
 */
export const MAX_INDEXED_KEY_BYTES = 200;
export const MAX_INDEXED_VALUE_BYTES = 500;

/**
 * The top-level properties of custom events (`event_properties`): one row per event name,
 * key, typed value and session, so a search for an event whose property has a value few
 * events have reads those few rows, not every event of that name (see `sessionsByProperty`).
 *
 * A row holds what an `equals` can match (typed JSON equality, see `jsonEquals` in
 * dialect.ts): strings, numbers and booleans, each with its JSON `type` (`string`, `number`,
 * `boolean`), so 1, "1" and true are three rows, never one. SQLite keeps the value as
 * `json_each` gives it (a number stays a number, true is 1: the type tells them apart),
 * PostgreSQL as JSONB (whose equality is already typed, and numeric for numbers). Nulls,
 * objects and arrays equal no filter value and are left out. The index only narrows down:
 * the search tests its candidates on the events themselves.
 *
 * A trigger on `custom_events` fills it whoever writes there; a deleted session's rows go
 * with its other rows (`SESSION_TABLES`). The migration replaces the untyped table of #19
 * (eventPropertiesV1.ts) and copies existing events in. An event's properties are bounded
 * at ingestion (4,000 characters), so are its rows.
 */
export function eventPropertiesSchema(dialect: Dialect['name']): string {
  return dialect === 'sqlite' ? SQLITE : POSTGRES;
}

const columns = 'project_id, name, key, type, value, session_id';
const sqliteRows = (e: string, from = '') => `SELECT ${e}.project_id, ${e}.name, j.key,
       CASE j.type WHEN 'text' THEN 'string' WHEN 'true' THEN 'boolean'
         WHEN 'false' THEN 'boolean' ELSE 'number' END,
       j.value, ${e}.session_id
     FROM ${from}json_each(${e}.properties) j
     WHERE json_type(${e}.properties) = 'object'
       AND j.type IN ('text', 'integer', 'real', 'true', 'false')
       AND length(CAST(j.key AS BLOB)) <= ${MAX_INDEXED_KEY_BYTES}
       AND (j.type <> 'text' OR length(CAST(j.value AS BLOB)) <= ${MAX_INDEXED_VALUE_BYTES})`;
const postgresRows = (e: string, from = '') => `SELECT ${e}.project_id, ${e}.name, j.key,
       jsonb_typeof(j.value), j.value, ${e}.session_id
     FROM ${from}jsonb_each(CASE WHEN jsonb_typeof(${e}.properties) = 'object'
       THEN ${e}.properties ELSE '{}' END) j
     WHERE jsonb_typeof(j.value) IN ('string', 'number', 'boolean')
       AND octet_length(j.key) <= ${MAX_INDEXED_KEY_BYTES}
       AND (jsonb_typeof(j.value) <> 'string'
         OR octet_length(j.value #>> '{}') <= ${MAX_INDEXED_VALUE_BYTES})`;

const SQLITE = `DROP TRIGGER custom_events_properties;
   DROP TABLE event_properties;
   CREATE TABLE event_properties (
     project_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     key TEXT NOT NULL,
     type TEXT NOT NULL,
     value NOT NULL,
     session_id TEXT NOT NULL,
     PRIMARY KEY (project_id, name, key, type, value, session_id)
   ) WITHOUT ROWID;
   CREATE INDEX event_properties_by_session ON event_properties (project_id, session_id);
   INSERT OR IGNORE INTO event_properties (${columns}) ${sqliteRows('e', 'custom_events e, ')};
   CREATE TRIGGER custom_events_properties AFTER INSERT ON custom_events BEGIN
     INSERT OR IGNORE INTO event_properties (${columns}) ${sqliteRows('new')};
   END;`;

const POSTGRES = `DROP TRIGGER custom_events_properties ON custom_events;
   DROP FUNCTION tapedeck_event_properties();
   DROP TABLE event_properties;
   CREATE TABLE event_properties (
     project_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     key TEXT NOT NULL,
     type TEXT NOT NULL,
     value JSONB NOT NULL,
     session_id TEXT NOT NULL,
     PRIMARY KEY (project_id, name, key, type, value, session_id)
   );
   CREATE INDEX event_properties_by_session ON event_properties (project_id, session_id);
   INSERT INTO event_properties (${columns}) ${postgresRows('e', 'custom_events e, ')}
     ON CONFLICT DO NOTHING;
   CREATE FUNCTION tapedeck_event_properties() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     INSERT INTO event_properties (${columns}) ${postgresRows('NEW')} ON CONFLICT DO NOTHING;
     RETURN NULL;
   END $$;
   CREATE TRIGGER custom_events_properties AFTER INSERT ON custom_events
     FOR EACH ROW EXECUTE FUNCTION tapedeck_event_properties();`;
