import { SESSION_CAPS_MIGRATION } from './sessionCaps.js';

/**
 * PostgreSQL schema, one migration per entry; `schema_version` records how many have run.
 * Timestamps are ms since the epoch (BIGINT); properties are JSONB.
 */
export const POSTGRES_MIGRATIONS: string[] = [
  `CREATE TABLE projects (
     id SERIAL PRIMARY KEY,
     name TEXT NOT NULL,
     token TEXT NOT NULL UNIQUE,
     created_at BIGINT NOT NULL,
     recording_settings JSONB NOT NULL DEFAULT '{}',
     retention_days INTEGER NOT NULL DEFAULT 30,
     daily_quota_bytes BIGINT
   );
   CREATE TABLE sessions (
     project_id INTEGER NOT NULL REFERENCES projects(id),
     id TEXT NOT NULL,
     distinct_id TEXT,
     start_time BIGINT NOT NULL,
     end_time BIGINT NOT NULL,
     first_url TEXT,
     first_url_ts BIGINT,
     event_count INTEGER NOT NULL,
     pageview_count INTEGER NOT NULL,
     click_count INTEGER NOT NULL,
     keypress_count INTEGER NOT NULL,
     chunk_count INTEGER NOT NULL,
     size_bytes BIGINT NOT NULL,
     sdk_name TEXT NOT NULL,
     sdk_version TEXT NOT NULL,
     user_agent TEXT,
     updated_at BIGINT NOT NULL,
     active_ms BIGINT NOT NULL DEFAULT 0,
     last_activity_ts BIGINT,
     mouse_activity_count INTEGER NOT NULL DEFAULT 0,
     console_log_count INTEGER NOT NULL DEFAULT 0,
     console_warn_count INTEGER NOT NULL DEFAULT 0,
     console_error_count INTEGER NOT NULL DEFAULT 0,
     network_error_count INTEGER NOT NULL DEFAULT 0,
     rage_click_count INTEGER NOT NULL DEFAULT 0,
     dead_click_count INTEGER NOT NULL DEFAULT 0,
     thrashing_count INTEGER NOT NULL DEFAULT 0,
     exception_count INTEGER NOT NULL DEFAULT 0,
     browser TEXT,
     os TEXT,
     device_type TEXT,
     previous_session_id TEXT,
     PRIMARY KEY (project_id, id)
   );
   -- The list's orderings, newest first by default, and retention by end time.
   CREATE INDEX sessions_by_start ON sessions (project_id, start_time DESC, id DESC);
   CREATE INDEX sessions_by_duration ON sessions (project_id, (end_time - start_time), id);
   CREATE INDEX sessions_by_active ON sessions (project_id, active_ms, id);
   CREATE INDEX sessions_by_clicks ON sessions (project_id, click_count, id);
   CREATE INDEX sessions_by_errors ON sessions (project_id, console_error_count, id);
   CREATE INDEX sessions_by_end ON sessions (project_id, end_time);
   CREATE INDEX sessions_by_distinct_id ON sessions (project_id, distinct_id);
   -- The UX-signal filters match few sessions: partial indexes keep them cheap.
   CREATE INDEX sessions_with_rage ON sessions (project_id, start_time DESC) WHERE rage_click_count > 0;
   CREATE INDEX sessions_with_dead ON sessions (project_id, start_time DESC) WHERE dead_click_count > 0;
   CREATE INDEX sessions_with_errors ON sessions (project_id, start_time DESC)
     WHERE console_error_count > 0 OR exception_count > 0;
   CREATE TABLE chunks (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     window_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     blob_key TEXT NOT NULL,
     first_ts BIGINT NOT NULL,
     last_ts BIGINT NOT NULL,
     event_count INTEGER NOT NULL,
     size_bytes BIGINT NOT NULL,
     received_at BIGINT NOT NULL,
     PRIMARY KEY (project_id, session_id, window_id, seq)
   );
   CREATE INDEX chunks_by_received ON chunks (project_id, received_at);
   CREATE TABLE custom_events (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     name TEXT NOT NULL,
     timestamp BIGINT NOT NULL,
     properties JSONB NOT NULL
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
     properties JSONB NOT NULL DEFAULT '{}',
     first_seen BIGINT NOT NULL,
     last_seen BIGINT NOT NULL,
     PRIMARY KEY (project_id, distinct_id)
   );
   CREATE TABLE api_keys (
     id SERIAL PRIMARY KEY,
     project_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
     key_hash TEXT NOT NULL UNIQUE,
     prefix TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     last_used_at BIGINT
   );
   CREATE TABLE blob_deletions (blob_key TEXT PRIMARY KEY);
   CREATE TABLE cohorts (
     id SERIAL PRIMARY KEY,
     project_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     filter TEXT NOT NULL
   );
   CREATE TABLE session_tags (
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     tag TEXT NOT NULL,
     PRIMARY KEY (project_id, session_id, tag)
   );
   CREATE INDEX session_tags_by_tag ON session_tags (project_id, tag);
   CREATE TABLE comments (
     id SERIAL PRIMARY KEY,
     project_id INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     at_ms BIGINT NOT NULL,
     text TEXT NOT NULL,
     author TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE INDEX comments_by_session ON comments (project_id, session_id, at_ms);
   CREATE TABLE playlists (
     id SERIAL PRIMARY KEY,
     project_id INTEGER NOT NULL,
     name TEXT NOT NULL,
     filter TEXT,
     sort TEXT,
     pinned TEXT NOT NULL DEFAULT '[]',
     created_by TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE notebooks (
     id SERIAL PRIMARY KEY,
     project_id INTEGER NOT NULL,
     title TEXT NOT NULL,
     body TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   -- Ingestion's token bucket per project, shared by every replica.
   CREATE TABLE rate_limits (
     project_id INTEGER PRIMARY KEY,
     tokens DOUBLE PRECISION NOT NULL,
     taken BOOLEAN NOT NULL,
     updated_at BIGINT NOT NULL
   );`,
  // Compaction: a quiet session's chunks move into one packed blob.
  `ALTER TABLE chunks ADD COLUMN blob_offset BIGINT;
   ALTER TABLE chunks ADD COLUMN blob_length INTEGER;
   ALTER TABLE sessions ADD COLUMN compacted_at BIGINT;
   CREATE INDEX sessions_to_compact ON sessions (project_id, updated_at) WHERE compacted_at IS NULL;`,
  SESSION_CAPS_MIGRATION,
];
