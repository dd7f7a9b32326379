import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Filter } from '@tapedeck/protocol/api';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteMetadataStore } from '../storage/SqliteMetadataStore.js';
import { selectiveConditions } from '../storage/selectiveConditions.js';
import { SQLITE } from '../storage/sql/dialect.js';
import { SqliteDriver } from '../storage/sql/SqliteDriver.js';
import { compileFilter } from '../storage/sqlFilter.js';
import { removeDir } from './helpers.js';

// A rare condition is answered from the list of what it matches, a common one by testing
// each session: both must find the same sessions, inside and, or and not alike.

const N = 2000;
const dir = mkdtempSync(join(tmpdir(), 'tapedeck-selective-'));
const file = join(dir, 'tapedeck.db');
let store: SqliteMetadataStore;

beforeAll(async () => {
  const made = new SqliteMetadataStore(file);
  await made.ensureDefaultProject('selective_token_01');
  await made.close();
  const db = new Database(file);
  const session = db.prepare(`INSERT INTO sessions (project_id, id, distinct_id, start_time,
    end_time, event_count, pageview_count, click_count, keypress_count, chunk_count, size_bytes,
    sdk_name, sdk_version, updated_at) VALUES (1, ?, ?, ?, ?, 1, 1, 0, 0, 1, 10, 'core', '1', ?)`);
  const event = db.prepare(`INSERT INTO custom_events (project_id, session_id, name, timestamp,
    properties) VALUES (1, ?, ?, ?, ?)`);
  const url = db.prepare('INSERT INTO session_urls (project_id, session_id, url) VALUES (1, ?, ?)');
  const person = db.prepare(`INSERT INTO persons (project_id, distinct_id, properties, first_seen,
    last_seen) VALUES (1, ?, ?, 0, 0)`);
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const id = `s${String(i).padStart(5, '0')}`;
      session.run(id, `u${i % 700}`, 1e12 + i * 1000, 1e12 + i * 1000 + 500, 1e12 + i);
      const plan = i % 500 === 3 ? 'gold' : i % 3 ? 'free' : 'pro';
      event.run(id, 'common', 1e12 + i * 1000, `{"plan":"${plan}"}`);
      url.run(id, `https://shop.example/p/${i % 50}`);
      if (i % 400 === 9) url.run(id, `https://shop.example/Rare-${i}`);
      if (i % 3 === 0) event.run(id, 'checkout', 1e12 + i * 1000 + 1, '{}');
      if (i % 9 === 0) event.run(id, 'purchase', 1e12 + i * 1000 + 2, '{}');
      if (i % 400 === 7) event.run(id, 'rare', 1e12 + i * 1000 + 3, `{"n":${i}}`);
      if (i % 400 === 7 && i % 800 === 7) event.run(id, 'purchase', 1e12 + i * 1000 + 4, '{}');
    }
    for (let u = 0; u < 700; u++) person.run(`u${u}`, u % 100 === 5 ? '{"vip":true}' : '{}');
  })();
  db.close();
  store = new SqliteMetadataStore(file);
});

afterAll(async () => {
  await store.close();
  removeDir(dir);
});

const FILTERS: Record<string, Filter> = {
  'rare event': { event: 'rare' },
  'common event': { event: 'checkout' },
  'rare event with a property': { event: 'rare', properties: [{ key: 'n', equals: 407 }] },
  'common event with a property': { event: 'common', properties: [{ key: 'plan', equals: 'pro' }] },
  'common event with a rare property': {
    event: 'common',
    properties: [{ key: 'plan', equals: 'gold' }],
  },
  'common event with a property none has': {
    event: 'common',
    properties: [{ key: 'plan', equals: 'enterprise' }],
  },
  'a URL few visited': { url: { contains: '/rare-' } },
  'a URL most visited': { url: { contains: 'SHOP.example/p/' } },
  'not a URL few visited': { not: { url: { contains: 'rare-4' } } },
  // `_` and `%` are themselves, not wildcards ("rare_4" is in no URL; "rare-409" is).
  'a URL with a literal underscore': { url: { contains: 'rare_4' } },
  'a URL with a literal percent': { url: { contains: '%' } },
  'rare drop-off': { eventThenNot: { first: 'rare', notAfter: 'purchase' } },
  'common drop-off': { eventThenNot: { first: 'checkout', notAfter: 'purchase' } },
  'rare person property': { person: { key: 'vip', equals: true } },
  'not a rare event': { not: { event: 'rare' } },
  'rare or common': { or: [{ event: 'rare' }, { event: 'purchase' }] },
  'rare and not a drop-off': {
    and: [{ person: { key: 'vip', equals: true } }, { not: { event: 'checkout' } }],
  },
  'an event no session has': { event: 'never' },
};

/** Every matching session id, the filter compiled with no list (each session tested). */
function testedEach(filter: Filter): string[] {
  const db = new Database(file, { readonly: true });
  const { sql, params } = compileFilter(filter, SQLITE);
  const rows = db
    .prepare(`SELECT s.id FROM sessions s WHERE s.project_id = 1 AND ${sql} ORDER BY s.id`)
    .all(...params) as { id: string }[];
  db.close();
  return rows.map((r) => r.id);
}

describe('rare conditions answered from their list', () => {
  it.each(Object.entries(FILTERS))('%s: the same sessions either way', async (_name, filter) => {
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listSessions(1, {
        filter,
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      all.push(...page.sessions.map((s) => s.id));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(all.sort()).toEqual(testedEach(filter));
  });

  it('lists the rare ones only, never a condition with a count nor an unindexable regex', async () => {
    const driver = new SqliteDriver(file);
    const known = await selectiveConditions(driver, SQLITE, 1, {
      and: [
        { event: 'rare' },
        { event: 'checkout' },
        { event: 'rare', count: { lte: 1 } },
        { person: { key: 'vip', equals: true } },
        { url: { contains: '/rare-' } },
        { url: { regex: '/Rare-' } },
        { url: { regex: '[0-9]{3}$' } },
      ],
    });
    await driver.close();
    expect([...known.values()].map((k) => [k.column, k.values.length])).toEqual([
      ['s.id', 5],
      ['s.distinct_id', 7],
      ['s.id', 5],
      ['s.id', 5],
    ]);
  });
});
