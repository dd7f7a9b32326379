// What one session may hold in the index, and the columns that count it (both databases).

/** A person's merged properties, as JSON text, stay under this; a merge past it is skipped. */
export const MAX_PERSON_PROPERTIES_CHARS = 16_000;

/** URL and custom-event rows per session, counted as they are written. */
export const SESSION_CAPS_MIGRATION = `
  ALTER TABLE sessions ADD COLUMN url_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN marker_count INTEGER NOT NULL DEFAULT 0;
  UPDATE sessions SET
    url_count = (SELECT COUNT(*) FROM session_urls u
      WHERE u.project_id = sessions.project_id AND u.session_id = sessions.id),
    marker_count = (SELECT COUNT(*) FROM custom_events e
      WHERE e.project_id = sessions.project_id AND e.session_id = sessions.id);
  CREATE INDEX sessions_by_updated ON sessions (project_id, updated_at);`;
