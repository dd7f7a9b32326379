import type { Dialect } from './dialect.js';

const MAX_INDEXED_KEY_BYTES = 200;
const MAX_INDEXED_VALUE_BYTES = 500;

/**
 * As the migration of #19 made it; the next migration replaces it (see eventProperties.ts).
 * Kept as it was, since migrations are append only.
 *
 * The top-level properties of custom events (`event_properties`): one row per event name,
 * key, value and session, so a search for an event whose property has a value few events
 * have reads those few rows, not every event of that name (see `sessionsByProperty`).
 *
 * The value is what the filter compares (`property` in sqlFilter.ts), taken by the database
 * itself: SQLite's `json_each` gives the same value as `json_extract` (untyped column: a
 * number stays a number, `true` is 1, an object or array its JSON text), PostgreSQL's
 * `jsonb_each_text` the same text as `->>`. JSON nulls are left out: they equal nothing.
 * The index only narrows down: the search tests its candidates on the events themselves.
 *
 * A trigger on `custom_events` fills it whoever writes there; a deleted session's rows go
 * with its other rows (`SESSION_TABLES`). Existing events are copied in when the migration
 * runs. An event's properties are bounded at ingestion (4,000 characters), so are its rows.
 */
export function eventPropertiesV1Schema(dialect: Dialect['name']): string {
  return dialect === 'sqlite' ? SQLITE : POSTGRES;
}

const columns = 'project_id, name, key, value, session_id';
const sqliteRows = (e: string, from = '') => `SELECT ${e}.project_id, ${e}.name, j.key, j.value,
       ${e}.session_id
     FROM ${from}json_each(${e}.properties) j
     WHERE json_type(${e}.properties) = 'object' AND j.type <> 'null'
       AND length(CAST(j.key AS BLOB)) <= ${MAX_INDEXED_KEY_BYTES}
       AND (j.type NOT IN ('text', 'object', 'array')
         OR length(CAST(j.value AS BLOB)) <= ${MAX_INDEXED_VALUE_BYTES})`;
const postgresRows = (e: string, from = '') => `SELECT ${e}.project_id, ${e}.name, j.key, j.value,
       ${e}.session_id
     FROM ${from}jsonb_each_text(CASE WHEN jsonb_typeof(${e}.properties) = 'object'
       THEN ${e}.properties ELSE '{}' END) j
     WHERE j.value IS NOT NULL AND octet_length(j.key) <= ${MAX_INDEXED_KEY_BYTES}
       AND octet_length(j.value) <= ${MAX_INDEXED_VALUE_BYTES}`;

const SQLITE = `CREATE TABLE event_properties (
     project_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     key TEXT NOT NULL,
     value NOT NULL,
     session_id TEXT NOT NULL,
     PRIMARY KEY (project_id, name, key, value, session_id)
   ) WITHOUT ROWID;
   CREATE INDEX event_properties_by_session ON event_properties (project_id, session_id);
   INSERT OR IGNORE INTO event_properties (${columns}) ${sqliteRows('e', 'custom_events e, ')};
   CREATE TRIGGER custom_events_properties AFTER INSERT ON custom_events BEGIN
     INSERT OR IGNORE INTO event_properties (${columns}) ${sqliteRows('new')};
   END;`;

const POSTGRES = `CREATE TABLE event_properties (
     project_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     key TEXT NOT NULL,
     value TEXT NOT NULL,
     session_id TEXT NOT NULL,
     PRIMARY KEY (project_id, name, key, value, session_id)
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
