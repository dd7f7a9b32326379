import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Filter } from '@tapedeck/protocol/api';
import { RE2JS } from 're2js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlMetadataStore } from '../storage/SqlMetadataStore.js';
import { selectiveConditions } from '../storage/selectiveConditions.js';
import { PostgresDriver } from '../storage/sql/PostgresDriver.js';
import type { SqlDriver } from '../storage/sql/SqlDriver.js';
import { SqliteDriver } from '../storage/sql/SqliteDriver.js';
import { freshStores, removeDir } from './helpers.js';

// URL searches that match almost nothing are answered through the trigram index of the
// distinct URLs; each must find exactly the sessions that testing every session finds, on
// the store this run uses (SQLite, or PostgreSQL under `with-stores`).

const dir = mkdtempSync(join(tmpdir(), 'tapedeck-urlindex-'));
let db: SqlDriver;
let store: SqlMetadataStore;

/** URLs few sessions visited: case, LIKE's wildcards, backslashes, non-ASCII, quotes. */
const RARE_URLS = [
  'https://shop.example/Rare-17',
  'https://shop.example/rare-18?token=[redacted]&q=shoes',
  'https://shop.example/a%b_c\\d',
  'https://x.example/CAFÉ/menu',
  'https://x.example/café/menu',
  'https://x.example/straße',
  'https://x.example/\u212Aelvin/\u017Ftop',
  'https://x.example/say-"hi"/😀😀x',
  'https://x.example/p/19',
];

beforeAll(async () => {
  const stores = await freshStores(dir);
  db = stores.databaseUrl
    ? await PostgresDriver.open(stores.databaseUrl)
    : new SqliteDriver(join(dir, 'tapedeck.db'));
  store = new SqlMetadataStore(db);
  await store.ensureDefaultProject('urlindex_token_01');
  await seed(db, 0, 600);
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

/** Sessions `from`…`to`, each with a common URL; one in 30 also with a rare one. */
async function seed(sql: SqlDriver, from: number, to: number) {
  await sql.transaction(async (tx) => {
    for (let i = from; i < to; i++) {
      const id = `s${String(i).padStart(5, '0')}`;
      await tx.run(
        `INSERT INTO sessions (project_id, id, start_time, end_time, event_count, pageview_count,
           click_count, keypress_count, chunk_count, size_bytes, sdk_name, sdk_version, updated_at)
         VALUES (1, ?, ?, ?, 1, 1, 0, 0, 1, 10, 'core', '1', ?)`,
        [id, 1e12 + i * 1000, 1e12 + i * 1000 + 500, 1e12 + i],
      );
      const urls = [`https://shop.example/p/${i % 20}`];
      if (i % 30 === 7) urls.push(RARE_URLS[((i / 30) % RARE_URLS.length) | 0]!);
      for (const url of urls)
        await tx.run('INSERT INTO session_urls (project_id, session_id, url) VALUES (1, ?, ?)', [
          id,
          url,
        ]);
    }
  });
}

const CONTAINS = [
  'rare',
  'RARE-1',
  '/p/1',
  'a%b',
  '_c',
  'c\\d',
  '%',
  '_',
  'é',
  'É',
  'café',
  'CAFÉ',
  'STRAßE',
  'ß',
  'ab',
  'x',
  '"hi"',
  '😀x',
  '\u212Aelvin',
  'kelvin',
  '[redacted]',
  'token=',
  'nothing-has-this',
];
const REGEXES = [
  '/rare-[0-9]+$',
  '/Rare-1[0-9]',
  '(?i)/RARE-',
  'Rare|rare',
  '(?i)kelvin',
  '(?i)(?:ſtop|STOP)',
  'x\\.example/(caf|stra)',
  'p/1[0-9]$',
  '^https://x',
  '[a-z]+',
  '',
  'caf.',
  '(?i:CAFÉ)',
  '/p/(1|2)$',
  'stra(ß|ss)e',
  '(menu)?cafe',
  'e\\x2fmenu',
  'a%b_c\\\\d',
  '\\Qa%b\\E',
  'caf\\w/menu',
  '\\.example/[[:alpha:]]+/menu',
  'say-"hi"/😀{2}',
  'x{2}',
  'shop(\\.example)+/Rare',
];

/** Every session the filter matches, page by page, as the API lists them. */
async function listed(filter: Filter): Promise<string[] | string> {
  const ids: string[] = [];
  let cursor: string | undefined;
  try {
    do {
      const page = await store.listSessions(1, { filter, limit: 500, ...(cursor && { cursor }) });
      ids.push(...page.sessions.map((s) => s.id));
      cursor = page.next ?? undefined;
    } while (cursor);
  } catch (error) {
    return (error as Error).message;
  }
  return ids.sort();
}

/**
 * Every session the filter matches by what it means, its URLs tested here one by one with no
 * index and no SQL: `contains` ignores case as `toLowerCase()` does, a regex is RE2.
 */
async function testedEach(filter: Filter): Promise<string[]> {
  const rows = await db.all<{ id: string; url: string | null }>(
    `SELECT s.id, u.url FROM sessions s LEFT JOIN session_urls u
       ON u.project_id = s.project_id AND u.session_id = s.id WHERE s.project_id = 1`,
  );
  const urls = new Map<string, string[]>();
  for (const r of rows)
    urls.set(r.id, [...(urls.get(r.id) ?? []), ...(r.url === null ? [] : [r.url])]);
  const means = (f: Filter, visited: string[]): boolean => {
    if (f.not) return !means(f.not, visited);
    if (f.or) return f.or.some((g) => means(g, visited));
    if (f.and) return f.and.every((g) => means(g, visited));
    const { contains, regex } = f.url!;
    if (contains !== undefined)
      return visited.some((u) => u.toLowerCase().includes(contains.toLowerCase()));
    return visited.some((u) => RE2JS.compile(regex!).test(u));
  };
  return [...urls].flatMap(([id, visited]) => (means(filter, visited) ? [id] : [])).sort();
}

const cases: [string, Filter][] = [
  ...CONTAINS.map((contains): [string, Filter] => [`contains ${contains}`, { url: { contains } }]),
  ...REGEXES.map((regex): [string, Filter] => [`regex ${regex}`, { url: { regex } }]),
  ['not a rare regex', { not: { url: { regex: '/rare-[0-9]+' } } }],
  ['a rare URL or another', { or: [{ url: { contains: 'café' } }, { url: { regex: 'ß' } }] }],
];

describe('URL search through the trigram index', () => {
  it.each(cases)('%s: the same sessions as testing each', async (_name, filter) => {
    expect(await listed(filter)).toEqual(await testedEach(filter));
  });

  it('answers rare contains and regex conditions from the index', async () => {
    const known = await selectiveConditions(db, db.dialect, 1, {
      and: [
        { url: { contains: 'RARE-1' } },
        { url: { regex: '/rare-[0-9]+' } },
        { url: { regex: '(?i)(caf|stra)' } },
        { url: { contains: 'shop.example/p/' } },
      ],
    });
    // Rare-17 and rare-18 (3 sessions each), rare-18, the café and straße ones; not /p/.
    expect([...known.values()].map((k) => k.values.length)).toEqual([6, 3, 6]);
  });

  it('keeps the distinct URLs exact as sessions come and go', async () => {
    await seed(db, 600, 660);
    const visited = async () =>
      (await db.all<{ url: string }>('SELECT url FROM visited_urls ORDER BY url')).map(
        (r) => r.url,
      );
    const used = async () =>
      (await db.all<{ url: string }>('SELECT DISTINCT url FROM session_urls ORDER BY url')).map(
        (r) => r.url,
      );
    expect(await visited()).toEqual(await used());
    // The only session with this URL goes, and its URL with it; a shared one stays.
    await db.run('INSERT INTO session_urls (project_id, session_id, url) VALUES (1, ?, ?)', [
      's00001',
      'https://only.example/deleted-marker-5b1c',
    ]);
    expect(await listed({ url: { contains: 'deleted-marker' } })).toEqual(['s00001']);
    await store.deleteSessions(1, ['s00001', 's00007']);
    expect(await visited()).toEqual(await used());
    expect(await visited()).not.toContain('https://only.example/deleted-marker-5b1c');
    expect(await listed({ url: { contains: 'deleted-marker' } })).toEqual([]);
    expect(await listed({ url: { contains: '/p/1' } })).toEqual(
      await testedEach({ url: { contains: '/p/1' } }),
    );
    if (db.dialect.name === 'sqlite') {
      // Nothing of it left in the FTS5 index either: none of its trigrams.
      await db.run(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.url_terms USING fts5vocab('main', 'visited_url_trigrams', 'row')",
      );
      const terms = await db.all<{ term: string }>('SELECT term FROM temp.url_terms');
      expect(terms.map((t) => t.term)).not.toContain('b1c');
      expect(terms.map((t) => t.term)).not.toContain('5b1');
      // Nor its text anywhere in the file (`deleteSessions` scrubs the WAL).
      expect(readFileSync(join(dir, 'tapedeck.db')).includes('deleted-marker')).toBe(false);
    }
  });
});
