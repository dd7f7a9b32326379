import type { Dialect } from './dialect.js';
import { eventPropertiesSchema } from './eventProperties.js';
import { eventPropertiesV1Schema } from './eventPropertiesV1.js';
import { visitedUrlsSchema } from './visitedUrls.js';

type Types = Dialect['types'];

/**
 * The schema, one migration per entry, for both databases. SQLite counts the ones that ran
 * in `user_version`, PostgreSQL in `tapedeck_schema_version`. Append only: a database made
 * by an earlier version runs the entries it has not run yet.
 *
 * Timestamps are ms since the epoch (`big`); properties and settings are JSON (`json`).
 */
export const MIGRATIONS: ((t: Types, dialect: Dialect['name']) => string)[] = [
  (t) => `CREATE TABLE projects (
     id ${t.id},
     name TEXT NOT NULL,
     token TEXT NOT NULL UNIQUE,
     created_at ${t.big} NOT NULL
   );
   CREATE TABLE sessions (
     project_id INTEGER NOT NULL REFERENCES projects(id),
     id TEXT NOT NULL,
     distinct_id TEXT,
     start_time ${t.big} NOT NULL,
     end_time ${t.big} NOT NULL,
     first_url TEXT,
     first_url_ts ${t.big},
     event_count INTEGER NOT NULL,
     pageview_count INTEGER NOT NULL,
     click_count INTEGER NOT NULL,
     keypress_count INTEGER NOT NULL,
     chunk_count INTEGER NOT NULL,
     size_bytes ${t.big} NOT NULL,
     sdk_name TEXT NOT NULL,
     sdk_version TEXT NOT NULL,
     user_agent TEXT,
     updated_at ${t.big} NOT NULL,
     PRIMARY KEY (project_id, id)
   );
   CREATE INDEX sessions_by_start ON sessions (project_id, start_time DESC, id DESC);
   CREATE TABLE chunks (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     window_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     blob_key TEXT NOT NULL,
     first_ts ${t.big} NOT NULL,
     last_ts ${t.big} NOT NULL,
     event_count INTEGER NOT NULL,
     size_bytes ${t.big} NOT NULL,
     received_at ${t.big} NOT NULL,
     PRIMARY KEY (project_id, session_id, window_id, seq)
   );`,
  (t) => `ALTER TABLE projects ADD COLUMN recording_settings ${t.json} NOT NULL DEFAULT '{}';`,
  (t) => `ALTER TABLE sessions ADD COLUMN active_ms ${t.big} NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN last_activity_ts ${t.big};
   ALTER TABLE sessions ADD COLUMN mouse_activity_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN console_log_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN console_warn_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN console_error_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN network_error_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN rage_click_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN dead_click_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN thrashing_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN exception_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN browser TEXT;
   ALTER TABLE sessions ADD COLUMN os TEXT;
   ALTER TABLE sessions ADD COLUMN device_type TEXT;
   ALTER TABLE sessions ADD COLUMN previous_session_id TEXT;
   CREATE INDEX sessions_by_duration ON sessions (project_id, (end_time - start_time), id);
   CREATE INDEX sessions_by_distinct_id ON sessions (project_id, distinct_id);
   CREATE TABLE custom_events (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     name TEXT NOT NULL,
     timestamp ${t.big} NOT NULL,
     properties ${t.json} NOT NULL
   );
   CREATE INDEX custom_events_by_name ON custom_events (project_id, name, session_id, timestamp);
   CREATE INDEX custom_events_by_session ON custom_events (project_id, session_id, timestamp);
   CREATE TABLE session_urls (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     url TEXT NOT NULL,
     PRIMARY KEY (project_id, session_id, url)
   );
   CREATE TABLE persons (
     project_id INTEGER NOT NULL,
     distinct_id TEXT NOT NULL,
     properties ${t.json} NOT NULL DEFAULT '{}',
     first_seen ${t.big} NOT NULL,
     last_seen ${t.big} NOT NULL,
     PRIMARY KEY (project_id, distinct_id)
   );
   CREATE TABLE api_keys (
     id ${t.id},
     project_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
     key_hash TEXT NOT NULL UNIQUE,
     prefix TEXT NOT NULL,
     created_at ${t.big} NOT NULL,
     last_used_at ${t.big}
   );
   ALTER TABLE projects ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 30;
   CREATE INDEX sessions_by_end ON sessions (project_id, end_time);
   CREATE TABLE blob_deletions (blob_key TEXT PRIMARY KEY);
   CREATE TABLE cohorts (
     id ${t.id},
     project_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     filter TEXT NOT NULL
   );`,
  (t) => `CREATE TABLE session_tags (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     tag TEXT NOT NULL,
     PRIMARY KEY (project_id, session_id, tag)
   );
   CREATE INDEX session_tags_by_tag ON session_tags (project_id, tag);
   CREATE TABLE comments (
     id ${t.id},
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     at_ms ${t.big} NOT NULL,
     text TEXT NOT NULL,
     author TEXT NOT NULL,
     created_at ${t.big} NOT NULL,
     updated_at ${t.big} NOT NULL
   );
   CREATE INDEX comments_by_session ON comments (project_id, session_id, at_ms);
   CREATE TABLE playlists (
     id ${t.id},
     project_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     filter TEXT,
     sort TEXT,
     pinned TEXT NOT NULL DEFAULT '[]',
     created_by TEXT NOT NULL,
     created_at ${t.big} NOT NULL,
     updated_at ${t.big} NOT NULL
   );
   CREATE TABLE notebooks (
     id ${t.id},
     project_id INTEGER NOT NULL,
     title TEXT NOT NULL,
     body TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at ${t.big} NOT NULL,
     updated_at ${t.big} NOT NULL
   );`,
  (t) => `ALTER TABLE projects ADD COLUMN daily_quota_bytes ${t.big};
   CREATE INDEX chunks_by_received ON chunks (project_id, received_at);`,
  // Compaction: a quiet session's chunks move into one packed blob.
  (t) => `ALTER TABLE chunks ADD COLUMN blob_offset ${t.big};
   ALTER TABLE chunks ADD COLUMN blob_length INTEGER;
   ALTER TABLE sessions ADD COLUMN compacted_at ${t.big};
   CREATE INDEX sessions_to_compact ON sessions (project_id, updated_at) WHERE compacted_at IS NULL;`,
  // URL and custom-event rows per session, counted as they are written.
  () => `ALTER TABLE sessions ADD COLUMN url_count INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN marker_count INTEGER NOT NULL DEFAULT 0;
   UPDATE sessions SET
     url_count = (SELECT COUNT(*) FROM session_urls u
       WHERE u.project_id = sessions.project_id AND u.session_id = sessions.id),
     marker_count = (SELECT COUNT(*) FROM custom_events e
       WHERE e.project_id = sessions.project_id AND e.session_id = sessions.id);
   CREATE INDEX sessions_by_updated ON sessions (project_id, updated_at);`,
  // What only PostgreSQL had, for both: the list's other orderings, partial indexes for the
  // UX-signal filters (they match few sessions), and the replicas' shared ingestion bucket.
  // IF NOT EXISTS: a PostgreSQL database from before the one list has them already.
  () => `CREATE INDEX IF NOT EXISTS sessions_by_active ON sessions (project_id, active_ms, id);
   CREATE INDEX IF NOT EXISTS sessions_by_clicks ON sessions (project_id, click_count, id);
   CREATE INDEX IF NOT EXISTS sessions_by_errors ON sessions (project_id, console_error_count, id);
   CREATE INDEX IF NOT EXISTS sessions_with_rage ON sessions (project_id, start_time DESC)
     WHERE rage_click_count > 0;
   CREATE INDEX IF NOT EXISTS sessions_with_dead ON sessions (project_id, start_time DESC)
     WHERE dead_click_count > 0;
   CREATE INDEX IF NOT EXISTS sessions_with_errors ON sessions (project_id, start_time DESC)
     WHERE console_error_count > 0 OR exception_count > 0;
   CREATE TABLE IF NOT EXISTS rate_limits (
     project_id INTEGER PRIMARY KEY,
     tokens DOUBLE PRECISION NOT NULL,
     taken BOOLEAN NOT NULL,
     updated_at BIGINT NOT NULL
   );`,
  // Linked sessions: those continuing one, and a person's sessions in time order.
  () => `CREATE INDEX sessions_by_previous ON sessions (project_id, previous_session_id)
     WHERE previous_session_id IS NOT NULL;
   CREATE INDEX sessions_of_person ON sessions (project_id, distinct_id, start_time, id)
     WHERE distinct_id IS NOT NULL;`,
  // Insights (#22): Web Vitals per page view, error groups and their sessions, source maps.
  (t) => `CREATE TABLE session_vitals (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     name TEXT NOT NULL,
     page_id TEXT NOT NULL,
     url TEXT NOT NULL,
     value DOUBLE PRECISION NOT NULL,
     poor INTEGER NOT NULL,
     timestamp ${t.big} NOT NULL,
     PRIMARY KEY (project_id, session_id, name, page_id)
   );
   CREATE INDEX session_vitals_by_url ON session_vitals (project_id, url, name, value);
   CREATE TABLE error_groups (
     project_id INTEGER NOT NULL,
     id TEXT NOT NULL,
     type TEXT NOT NULL,
     title TEXT NOT NULL,
     message TEXT NOT NULL,
     stack TEXT,
     release TEXT,
     culprit TEXT,
     created_at ${t.big} NOT NULL,
     PRIMARY KEY (project_id, id)
   );
   CREATE TABLE error_sessions (
     project_id INTEGER NOT NULL,
     group_id TEXT NOT NULL,
     session_id TEXT NOT NULL,
     first_ts ${t.big} NOT NULL,
     last_ts ${t.big} NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (project_id, group_id, session_id)
   );
   CREATE INDEX error_sessions_by_session ON error_sessions (project_id, session_id);
   CREATE TABLE source_maps (
     project_id INTEGER NOT NULL,
     release TEXT NOT NULL,
     url TEXT NOT NULL,
     blob_key TEXT NOT NULL,
     size_bytes ${t.big} NOT NULL,
     uploaded_at ${t.big} NOT NULL,
     PRIMARY KEY (project_id, release, url)
   );`,
  // Segments: chunks share append-only blobs; a deleted or moved chunk's range is erased.
  (t) => `CREATE INDEX chunks_by_blob ON chunks (blob_key);
   CREATE TABLE blob_erasures (
     blob_key TEXT NOT NULL,
     blob_offset ${t.big} NOT NULL,
     blob_length INTEGER NOT NULL,
     PRIMARY KEY (blob_key, blob_offset)
   );`,
  // A partial index per UX signal that had none of its own, so a search for one that few
  // sessions show reads those sessions only.
  () =>
    `${['thrashing', 'console_error', 'network_error', 'exception']
      .map(
        (signal) => `CREATE INDEX sessions_with_${signal} ON sessions (project_id, start_time DESC)
     WHERE ${signal}_count > 0;`,
      )
      .join('\n   ')}`,
  // Heatmaps (#22): page views of each window with their viewport and fold, and every
  // click, rage and dead click on a page by its element's selector.
  (t) => `CREATE TABLE page_views (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     window_id TEXT NOT NULL,
     started_at ${t.big} NOT NULL,
     url TEXT NOT NULL,
     width INTEGER,
     height INTEGER,
     doc_id INTEGER,
     scroll_y INTEGER NOT NULL,
     max_bottom INTEGER NOT NULL,
     PRIMARY KEY (project_id, session_id, window_id, started_at)
   );
   CREATE INDEX page_views_by_url ON page_views (project_id, url, started_at);
   CREATE TABLE page_clicks (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     url TEXT NOT NULL,
     width_bucket TEXT NOT NULL,
     selector TEXT,
     kind TEXT NOT NULL,
     x INTEGER,
     y INTEGER,
     timestamp ${t.big} NOT NULL
   );
   CREATE INDEX page_clicks_by_url ON page_clicks (project_id, url, timestamp);
   CREATE INDEX page_clicks_by_session ON page_clicks (project_id, session_id);`,
  // Places (#22): the client's country, from the IP database at ingestion.
  () => `ALTER TABLE sessions ADD COLUMN country TEXT;
   CREATE INDEX sessions_by_country ON sessions (project_id, country, start_time DESC)
     WHERE country IS NOT NULL;`,
  // Alerts (#22): a playlist's webhook, and the log of what was sent to it.
  (t) => `CREATE TABLE playlist_alerts (
     project_id INTEGER NOT NULL,
     playlist_id INTEGER NOT NULL,
     url TEXT NOT NULL,
     format TEXT NOT NULL,
     secret TEXT NOT NULL,
     enabled INTEGER NOT NULL,
     mark ${t.big} NOT NULL,
     last_sent_at ${t.big},
     created_by TEXT NOT NULL,
     created_at ${t.big} NOT NULL,
     updated_at ${t.big} NOT NULL,
     PRIMARY KEY (project_id, playlist_id)
   );
   CREATE TABLE alert_deliveries (
     id ${t.id},
     project_id INTEGER NOT NULL,
     playlist_id INTEGER NOT NULL,
     created_at ${t.big} NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     session_count INTEGER NOT NULL,
     body TEXT NOT NULL,
     next_attempt_at ${t.big},
     http_status INTEGER,
     error TEXT,
     finished_at ${t.big}
   );
   CREATE INDEX alert_deliveries_of_playlist ON alert_deliveries (project_id, playlist_id, id);
   CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';`,
  // URL search: the distinct URLs with a trigram index (see visitedUrls.ts).
  (_t, dialect) => visitedUrlsSchema(dialect),
  // Event property search (#19): custom events' properties by value (see eventPropertiesV1.ts).
  (_t, dialect) => eventPropertiesV1Schema(dialect),
  // Typed property values (1 is not "1" nor true on either store): the index gets a type.
  (_t, dialect) => eventPropertiesSchema(dialect),
];

/**
 * PostgreSQL databases from before the one list counted their own migrations in
 * `schema_version`: how many of these entries each of those counts stands for.
 */
export const LEGACY_POSTGRES_VERSIONS: Record<number, number> = { 0: 0, 1: 5, 2: 6, 3: 7 };
