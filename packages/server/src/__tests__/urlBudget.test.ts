import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlMetadataStore } from '../storage/SqlMetadataStore.js';
import { PostgresDriver } from '../storage/sql/PostgresDriver.js';
import type { SqlDriver } from '../storage/sql/SqlDriver.js';
import { SqliteDriver } from '../storage/sql/SqliteDriver.js';
import { freshStores, removeDir } from './helpers.js';

// The server tests URLs in JavaScript (a regex, non-ASCII letters) on both stores, at most
// 4 MB of distinct URL text per search: past it, the same 400 on either, saying what to do.

const dir = mkdtempSync(join(tmpdir(), 'tapedeck-urlbudget-'));
let db: SqlDriver;
let store: SqlMetadataStore;
/** 2,100 distinct URLs of about 2,000 characters: over 4 MB. */
const LONG = 2100;

beforeAll(async () => {
  const stores = await freshStores(dir);
  db = stores.databaseUrl
    ? await PostgresDriver.open(stores.databaseUrl)
    : new SqliteDriver(join(dir, 'tapedeck.db'));
  store = new SqlMetadataStore(db);
  await store.ensureDefaultProject('urlbudget_token_01');
  await db.transaction(async (tx) => {
    for (let i = 0; i < LONG; i++) {
      const id = `s${String(i).padStart(5, '0')}`;
      await tx.run(
        `INSERT INTO sessions (project_id, id, start_time, end_time, event_count, pageview_count,
           click_count, keypress_count, chunk_count, size_bytes, sdk_name, sdk_version, updated_at)
         VALUES (1, ?, ?, ?, 1, 1, 0, 0, 1, 10, 'core', '1', ?)`,
        [id, 1e12 + i * 1000, 1e12 + i * 1000 + 500, 1e12 + i],
      );
      const url = `https://long.example/${i}/${'x'.repeat(1990)}${i % 700 === 3 ? '/Über' : ''}`;
      await tx.run('INSERT INTO session_urls (project_id, session_id, url) VALUES (1, ?, ?)', [
        id,
        url,
      ]);
    }
  });
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

const search = async (url: { contains: string } | { regex: string }) => {
  try {
    const page = await store.listSessions(1, { filter: { url }, limit: 10 });
    return page.sessions.map((s) => s.id).sort();
  } catch (error) {
    return (error as Error).message;
  }
};

describe('the URL budget of a search', () => {
  it('refuses a regex that would test more than 4 MB of URLs, saying how to narrow it', async () => {
    expect(await search({ regex: 'x{5}\\d' })).toMatch(
      /url regex would test more than 4 MB .*literal text of 3 or more characters/,
    );
    expect(await search({ contains: 'ü' })).toMatch(
      /url\.contains with non-ASCII letters would test more than 4 MB .*3 or more ASCII/,
    );
  });

  it('answers the same conditions once the index narrows them down', async () => {
    const want = ['s00003', 's00703', 's01403'];
    expect(await search({ regex: '/(?i:ü)ber$' })).toEqual(want);
    expect(await search({ contains: '/über' })).toEqual(want);
    expect(await search({ contains: 'xxxxx' })).toHaveLength(10);
  });
});
