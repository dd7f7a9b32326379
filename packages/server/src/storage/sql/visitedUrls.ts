import type { Dialect } from './dialect.js';

/**
 * The distinct URLs of each project's sessions (`visited_urls`), with a trigram index, so a
 * URL search that matches almost nothing reads the few URLs it matches (see `matchingUrls`)
 * and then their sessions (`session_urls_by_url`), not every session's URLs.
 *
 * Triggers on `session_urls` keep it exact whoever writes there: a URL is added with its
 * session's row, and goes with the last row that names it, so a deleted session's URL text
 * does not outlive it (SQLite: zeroed by `secure_delete`, in the FTS5 index too by its
 * `secure-delete` option). Existing URLs are copied in when the migration runs.
 *
 * SQLite: an FTS5 `trigram` table over `visited_urls` (case folded: it only narrows down).
 * PostgreSQL: a `pg_trgm` GIN index on `lower(url)`, for the `LIKE`s that narrow a search
 * down (never a regex: the server runs those), when the extension can be created; without
 * it the same queries read every distinct URL.
 */
export function visitedUrlsSchema(dialect: Dialect['name']): string {
  return dialect === 'sqlite' ? SQLITE : POSTGRES;
}

const SQLITE = `CREATE TABLE visited_urls (
     id INTEGER PRIMARY KEY,
     project_id INTEGER NOT NULL,
     url TEXT NOT NULL,
     UNIQUE (project_id, url)
   );
   CREATE VIRTUAL TABLE visited_url_trigrams USING fts5(url, content='visited_urls',
     content_rowid='id', tokenize='trigram case_sensitive 0');
   INSERT INTO visited_url_trigrams (visited_url_trigrams, rank) VALUES ('secure-delete', 1);
   CREATE TRIGGER visited_urls_indexed AFTER INSERT ON visited_urls BEGIN
     INSERT INTO visited_url_trigrams (rowid, url) VALUES (new.id, new.url);
   END;
   CREATE TRIGGER visited_urls_unindexed AFTER DELETE ON visited_urls BEGIN
     INSERT INTO visited_url_trigrams (visited_url_trigrams, rowid, url)
       VALUES ('delete', old.id, old.url);
   END;
   CREATE INDEX session_urls_by_url ON session_urls (project_id, url, session_id);
   INSERT INTO visited_urls (project_id, url) SELECT DISTINCT project_id, url FROM session_urls;
   CREATE TRIGGER session_urls_visited AFTER INSERT ON session_urls BEGIN
     INSERT OR IGNORE INTO visited_urls (project_id, url) VALUES (new.project_id, new.url);
   END;
   CREATE TRIGGER session_urls_forgotten AFTER DELETE ON session_urls
   WHEN NOT EXISTS (SELECT 1 FROM session_urls u
     WHERE u.project_id = old.project_id AND u.url = old.url)
   BEGIN
     DELETE FROM visited_urls WHERE project_id = old.project_id AND url = old.url;
   END;`;

// Replicas write and delete at once: an ingest holds the URL's row (KEY SHARE) until it
// commits, and a deletion locks the row before it looks again for sessions that use it, so
// it never removes a URL a session being written has just added.
const POSTGRES = `CREATE TABLE visited_urls (
     project_id INTEGER NOT NULL,
     url TEXT NOT NULL,
     PRIMARY KEY (project_id, url)
   );
   CREATE INDEX session_urls_by_url ON session_urls (project_id, url, session_id);
   INSERT INTO visited_urls (project_id, url) SELECT DISTINCT project_id, url FROM session_urls;
   CREATE FUNCTION tapedeck_url_visited() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     LOOP
       INSERT INTO visited_urls (project_id, url) VALUES (NEW.project_id, NEW.url)
         ON CONFLICT DO NOTHING;
       IF FOUND THEN RETURN NULL; END IF;
       PERFORM 1 FROM visited_urls WHERE project_id = NEW.project_id AND url = NEW.url
         FOR KEY SHARE;
       IF FOUND THEN RETURN NULL; END IF;
     END LOOP;
   END $$;
   CREATE TRIGGER session_urls_visited AFTER INSERT ON session_urls
     FOR EACH ROW EXECUTE FUNCTION tapedeck_url_visited();
   CREATE FUNCTION tapedeck_url_forgotten() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF EXISTS (SELECT 1 FROM session_urls WHERE project_id = OLD.project_id AND url = OLD.url)
       THEN RETURN NULL;
     END IF;
     PERFORM 1 FROM visited_urls WHERE project_id = OLD.project_id AND url = OLD.url FOR UPDATE;
     DELETE FROM visited_urls WHERE project_id = OLD.project_id AND url = OLD.url
       AND NOT EXISTS (SELECT 1 FROM session_urls
         WHERE project_id = OLD.project_id AND url = OLD.url);
     RETURN NULL;
   END $$;
   CREATE TRIGGER session_urls_forgotten AFTER DELETE ON session_urls
     FOR EACH ROW EXECUTE FUNCTION tapedeck_url_forgotten();
   DO $$ BEGIN
     CREATE EXTENSION IF NOT EXISTS pg_trgm;
     EXECUTE 'CREATE INDEX visited_urls_lower_trigrams ON visited_urls
       USING gin (lower(url) gin_trgm_ops)';
   EXCEPTION WHEN OTHERS THEN
     RAISE NOTICE 'pg_trgm cannot be created here (%): URL searches read every distinct URL.',
       SQLERRM;
   END $$;`;
