import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresMetadataStore } from '../storage/PostgresMetadataStore.js';
import { SqliteMetadataStore } from '../storage/SqliteMetadataStore.js';
import type { SqlMetadataStore } from '../storage/SqlMetadataStore.js';
import { MIGRATIONS } from '../storage/sql/migrations.js';
import { removeDir } from './helpers.js';

// One migration list makes both schemas: each database's own catalog says what it holds.
// Columns compare by name, nullability and kind (how SQLite's type affinity reads the
// declared type: JSONB and TEXT are both text); indexes by name, table and whether partial.

const ADMIN_URL = process.env.TAPEDECK_TEST_DATABASE_URL;
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'tapedeck-schema-'));
afterAll(() => removeDir(dir));

type Catalog = { columns: string[]; indexes: string[] };

const kind = (type: string) => {
  const t = type.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (/CHAR|CLOB|TEXT|JSON/.test(t)) return 'text';
  if (/REAL|FLOA|DOUB/.test(t)) return 'real';
  return 'numeric';
};

function sqliteCatalog(file: string): Catalog {
  const db = new Database(file, { readonly: true });
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .all();
  const columns = tables.flatMap(({ name }) =>
    db
      .prepare<[], { name: string; type: string; notnull: number; pk: number }>(
        `SELECT * FROM pragma_table_info('${name}')`,
      )
      .all()
      .map((c) => `${name}.${c.name} ${kind(c.type)}${c.notnull || c.pk ? ' not null' : ''}`),
  );
  // Indexes made by CREATE INDEX (those behind a key or UNIQUE have no SQL).
  const indexes = db
    .prepare<[], { name: string; tbl_name: string; sql: string }>(
      "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    )
    .all()
    .map((i) => `${i.tbl_name}.${i.name}${/\bWHERE\b/i.test(i.sql) ? ' partial' : ''}`);
  db.close();
  return { columns: columns.sort(), indexes: indexes.sort() };
}

async function postgresCatalog(url: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const columns = await client.query<{ t: string; c: string; type: string; nullable: string }>(
    `SELECT table_name AS t, column_name AS c, data_type AS type, is_nullable AS nullable
     FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> 'tapedeck_schema_version'`,
  );
  const indexes = await client.query<{ t: string; name: string; def: string }>(
    `SELECT tablename AS t, indexname AS name, indexdef AS def FROM pg_indexes
     WHERE schemaname = 'public' AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
  );
  await client.end();
  return {
    columns: columns.rows
      .map((c) => `${c.t}.${c.c} ${kind(c.type)}${c.nullable === 'NO' ? ' not null' : ''}`)
      .sort(),
    indexes: indexes.rows
      .map((i) => `${i.t}.${i.name}${/\bWHERE\b/i.test(i.def) ? ' partial' : ''}`)
      .sort(),
  };
}

/** A fresh PostgreSQL database, optionally loaded from a dump; its URL. */
async function postgresDatabase(dump?: string): Promise<string> {
  const name = `td_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL!);
  url.pathname = `/${name}`;
  if (dump) {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(dump);
    await client.end();
  }
  return url.toString();
}

/** What the legacy fixtures hold reads back as it was written. */
async function expectLegacyData(store: SqlMetadataStore): Promise<void> {
  const project = await store.ensureDefaultProject('legacy_token_0123456789');
  expect(project.id).toBe(1);
  expect(await store.getRecordingSettings(1)).toStrictEqual({ sampleRate: 0.5 });
  expect(await store.findApiKey('h'.repeat(64))).toMatchObject({ name: 'ci', role: 'viewer' });
  const session = await store.getSession(1, 'legacy-session-1');
  expect(session).toMatchObject({ chunkCount: 2, clickCount: 4, distinctId: 'legacy-alice' });
  const found = await store.listSessions(1, { filter: { has: 'rageClicks' }, limit: 10 });
  expect(found.sessions.map((s) => s.id)).toStrictEqual(['legacy-session-1']);
  expect(await store.sessionUsage(1, 'legacy-session-1')).toMatchObject({ urls: 3, events: 2 });
  // Events from before `event_properties` are found by their properties (the migration copies).
  const byCart = async (equals: number | string | boolean) =>
    (
      await store.listSessions(1, {
        filter: { event: 'checkout_started', properties: [{ key: 'cart', equals }] },
        limit: 10,
      })
    ).sessions.map((s) => s.id);
  expect(await byCart(1)).toStrictEqual(['legacy-session-1']);
  expect(await byCart(2)).toStrictEqual([]);
  // Copied typed: the number 1 is not "1" nor true.
  expect(await byCart('1')).toStrictEqual([]);
  expect(await byCart(true)).toStrictEqual([]);
  expect((await store.getPerson(1, 'legacy-alice'))?.properties).toStrictEqual({
    plan: 'pro',
    address: { city: 'Oslo' },
  });
  expect(await store.collaboration.getTags(1, 'legacy-session-1')).toStrictEqual(['legacy']);
  expect(await store.collaboration.listComments(1, 'legacy-session-1')).toMatchObject([
    { text: 'from before', atMs: 1500 },
  ]);
  expect(await store.collaboration.listPlaylists(1)).toMatchObject([
    { name: 'Rage', filter: { has: 'rageClicks' }, pinned: ['legacy-session-1'] },
  ]);
  // Keys the database assigns carry on after the legacy rows.
  expect(
    (
      await store.collaboration.addCohort(1, {
        name: 'x',
        filter: { person: { key: 'a', isSet: true } },
      })
    ).id,
  ).toBe(2);
}

/**
 * The URL trigram index is each database's own (see visitedUrls.ts): SQLite's FTS5 table and
 * the rowid it keys, PostgreSQL's pg_trgm indexes. An event property's value is untyped in
 * SQLite (beside its `type`), JSONB in PostgreSQL (see eventProperties.ts).
 * Everything else is the same.
 */
const OWN_TO_EACH =
  /^visited_url_trigrams|^visited_urls\.id |^visited_urls\.visited_urls_\w*trigrams|^event_properties\.value /;
const exceptOwn = (c: Catalog): Catalog => ({
  columns: c.columns.filter((x) => !OWN_TO_EACH.test(x)),
  indexes: c.indexes.filter((x) => !OWN_TO_EACH.test(x)),
});

describe('the schema: one migration list for both databases', () => {
  it('opens and migrates a SQLite database made before the one store', async () => {
    const file = join(dir, 'legacy.db');
    const db = new Database(file);
    db.exec(fixture('sqlite-v7.sql'));
    db.close();
    const store = new SqliteMetadataStore(file);
    await expectLegacyData(store);
    await store.close();
    const fresh = join(dir, 'fresh.db');
    await new SqliteMetadataStore(fresh).close();
    expect(sqliteCatalog(file)).toStrictEqual(sqliteCatalog(fresh));
    const migrated = new Database(file, { readonly: true });
    expect(migrated.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    migrated.close();
  });

  it.skipIf(!ADMIN_URL)(
    'has the same tables, columns and indexes in SQLite and PostgreSQL',
    async () => {
      const file = join(dir, 'same.db');
      await new SqliteMetadataStore(file).close();
      const url = await postgresDatabase();
      await (await PostgresMetadataStore.open(url)).close();
      const sqlite = sqliteCatalog(file);
      expect(sqlite.indexes).toContain('sessions.sessions_with_rage partial');
      expect(exceptOwn(await postgresCatalog(url))).toStrictEqual(exceptOwn(sqlite));
    },
  );

  it.skipIf(!ADMIN_URL)(
    'opens and migrates a PostgreSQL database made before the one store',
    async () => {
      const url = await postgresDatabase(fixture('postgres-v3.sql'));
      const store = await PostgresMetadataStore.open(url);
      await expectLegacyData(store);
      await store.close();
      const fresh = await postgresDatabase();
      await (await PostgresMetadataStore.open(fresh)).close();
      expect(await postgresCatalog(url)).toStrictEqual(await postgresCatalog(fresh));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query('SELECT version FROM tapedeck_schema_version');
      await client.end();
      expect(rows).toStrictEqual([{ version: MIGRATIONS.length }]);
    },
  );
});
