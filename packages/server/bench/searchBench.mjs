// The search part of `pnpm bench:server`: n sessions with events, URLs and people, the same
// in SQLite and PostgreSQL, and the newest 50 sessions for one filter of each kind — several
// matching almost nothing, the case where an index must find them instead of a scan.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PostgresMetadataStore, SqliteMetadataStore } from '../dist/index.js';

const COLUMNS = `project_id, id, distinct_id, start_time, end_time, first_url, first_url_ts,
  event_count, pageview_count, click_count, keypress_count, chunk_count, size_bytes, sdk_name,
  sdk_version, user_agent, updated_at, active_ms, rage_click_count, dead_click_count,
  console_error_count, browser, os, device_type`;

/** How often the rare things happen: about 4 sessions, 3 URLs and 1 person in a million. */
const RARE_EVENT = 250_000;
const RARE_URL = 333_331;
const RARE_PERSON = 49_999;

/** Every filter kind; the rare ones match a handful of sessions, or none, at any size. */
export const FILTERS = {
  'signals + device + duration': {
    and: [{ has: 'rageClicks' }, { deviceType: 'mobile' }, { duration: { min: 60_000 } }],
  },
  'common event': { event: 'checkout_started' },
  'rare event': { event: 'refund_requested' },
  'event property (none)': {
    event: 'checkout_started',
    properties: [{ key: 'plan', equals: 'enterprise' }],
  },
  'event count': { event: 'checkout_started', count: { gte: 1 } },
  'drop-off (common)': { eventThenNot: { first: 'checkout_started', notAfter: 'purchase' } },
  'drop-off (rare)': { eventThenNot: { first: 'refund_requested', notAfter: 'purchase' } },
  'person property (rare)': { person: { key: 'vip', equals: true } },
  'distinct id': { distinctId: 'u49999' },
  'url contains (rare)': { url: { contains: '/rare-' } },
  'url regex (rare)': { url: { regex: '/rare-[0-9]+$' } },
  'nothing matches': { and: [{ has: 'exceptions' }, { deviceType: 'tv' }] },
};

// Events are written as ingestion writes them: the trigger on custom_events fills
// event_properties (see eventProperties.ts) here too.
function fillSqlite(file, n, now) {
  const db = new Database(file);
  db.pragma('synchronous = OFF');
  const session = db.prepare(`INSERT INTO sessions (${COLUMNS})
    VALUES (1, ?, ?, ?, ?, ?, ?, 100, 3, ?, 10, 5, 20000, 'core', '1', null, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const event = db.prepare(
    'INSERT INTO custom_events (project_id, session_id, name, timestamp, properties) VALUES (1, ?, ?, ?, ?)',
  );
  const url = db.prepare('INSERT INTO session_urls (project_id, session_id, url) VALUES (1, ?, ?)');
  const person = db.prepare(
    'INSERT INTO persons (project_id, distinct_id, properties, first_seen, last_seen) VALUES (1, ?, ?, ?, ?)',
  );
  const devices = ['desktop', 'desktop', 'mobile', 'tablet'];
  const browsers = ['Chrome', 'Safari', 'Firefox', 'Edge'];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = `s${i.toString(36).padStart(8, '0')}`;
      const start = now - (n - i) * 5000;
      const duration = (i * 7919) % 1_800_000;
      session.run(
        ...[id, `u${i % 50000}`, start, start + duration],
        ...[`https://shop.example/p/${i % 300}`, start, i % 40, start + duration],
        ...[Math.floor(duration * 0.6), i % 17 === 0 ? 2 : 0, i % 11 === 0 ? 1 : 0],
        ...[i % 13 === 0 ? 3 : 0, browsers[i % 4], i % 3 ? 'Windows' : 'iOS', devices[i % 4]],
      );
      event.run(id, '$pageview', start, `{"path":"/p/${i % 300}"}`);
      if (i % 7 === 0) event.run(id, 'checkout_started', start + 1000, `{"plan":"free"}`);
      if (i % 14 === 0) event.run(id, 'purchase', start + 2000, '{}');
      if (i % RARE_EVENT === RARE_EVENT - 1) event.run(id, 'refund_requested', start + 3000, '{}');
      url.run(id, `https://shop.example/p/${i % 300}`);
      if (i % RARE_URL === RARE_URL - 1) url.run(id, `https://shop.example/rare-${i}`);
    }
    for (let u = 0; u < Math.min(n, 50000); u++)
      person.run(`u${u}`, u === RARE_PERSON ? '{"vip":true}' : '{"plan":"free"}', now - 1e9, now);
  })();
  db.pragma('optimize');
  db.close();
}

async function fillPostgres(url, n, now) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // The same rows as fillSqlite, made by the server.
  const series = `FROM generate_series(0, $1::int - 1) AS i,
    LATERAL (SELECT $2::bigint - ($1::bigint - i) * 5000 AS st, (i::bigint * 7919) % 1800000 AS d,
      's' || lpad(to_hex(i), 9, '0') AS id) AS v`;
  await client.query(
    `INSERT INTO sessions (${COLUMNS})
     SELECT 1, id, 'u' || (i % 50000), st, st + d,
       'https://shop.example/p/' || (i % 300), st, 100, 3, i % 40, 10, 5, 20000, 'core', '1', null,
       st + d, floor(d * 0.6), CASE WHEN i % 17 = 0 THEN 2 ELSE 0 END,
       CASE WHEN i % 11 = 0 THEN 1 ELSE 0 END, CASE WHEN i % 13 = 0 THEN 3 ELSE 0 END,
       (ARRAY['Chrome','Safari','Firefox','Edge'])[i % 4 + 1],
       CASE WHEN i % 3 = 0 THEN 'iOS' ELSE 'Windows' END,
       (ARRAY['desktop','desktop','mobile','tablet'])[i % 4 + 1] ${series}`,
    [n, now],
  );
  const events = (name, at, properties, where) =>
    client.query(
      `INSERT INTO custom_events (project_id, session_id, name, timestamp, properties)
       SELECT 1, id, '${name}', st + ${at}, ${properties} ${series} WHERE ${where}`,
      [n, now],
    );
  await events('$pageview', 0, `jsonb_build_object('path', '/p/' || (i % 300))`, 'true');
  await events('checkout_started', 1000, `'{"plan":"free"}'::jsonb`, 'i % 7 = 0');
  await events('purchase', 2000, `'{}'::jsonb`, 'i % 14 = 0');
  await events('refund_requested', 3000, `'{}'::jsonb`, `i % ${RARE_EVENT} = ${RARE_EVENT - 1}`);
  await client.query(
    `INSERT INTO session_urls (project_id, session_id, url)
     SELECT 1, id, 'https://shop.example/p/' || (i % 300) ${series}
     UNION ALL SELECT 1, id, 'https://shop.example/rare-' || i ${series} WHERE i % ${RARE_URL} = ${RARE_URL - 1}`,
    [n, now],
  );
  await client.query(
    `INSERT INTO persons (project_id, distinct_id, properties, first_seen, last_seen)
     SELECT 1, 'u' || u, CASE WHEN u = ${RARE_PERSON} THEN '{"vip":true}' ELSE '{"plan":"free"}' END::jsonb,
       $2::bigint - 1000000000, $2::bigint FROM generate_series(0, LEAST($1::int, 50000) - 1) AS u`,
    [n, now],
  );
  await client.query('ANALYZE');
  await client.end();
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** p50/p95 of the first page: 60 runs, or fewer (at least 5) when each takes long. */
async function timeSearch(store, filter) {
  const times = [];
  let found = 0;
  let error = null;
  const deadline = performance.now() + 4000;
  while (times.length < 60 && (times.length < 5 || performance.now() < deadline)) {
    const t = performance.now();
    try {
      found = (await store.listSessions(1, { filter, limit: 50 })).sessions.length;
    } catch (e) {
      error = e.message;
    }
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 0.5), p95: pct(times, 0.95), found, error };
}

async function searchAll(store) {
  const results = {};
  for (const [name, filter] of Object.entries(FILTERS))
    results[name] = await timeSearch(store, filter);
  return results;
}

/** Every filter at each size, in SQLite (and PostgreSQL, when `stores` is given). */
export async function queryBench(sizes, token, stores) {
  console.log(`\nSearch: newest 50 sessions, one filter of each kind (p50 / p95 ms, found)`);
  const now = Date.now();
  for (const n of sizes) {
    const setups = [];
    const dir = mkdtempSync(join(tmpdir(), 'tapedeck-bench-query-'));
    const file = join(dir, 'tapedeck.db');
    const made = new SqliteMetadataStore(file); // creates the schema
    await made.ensureDefaultProject(token);
    await made.close();
    let t = performance.now();
    fillSqlite(file, n, now);
    const sqlite = new SqliteMetadataStore(file);
    setups.push({
      name: 'SQLite',
      seeded: performance.now() - t,
      results: await searchAll(sqlite),
    });
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
    if (stores) {
      const admin = new pg.Client({ connectionString: stores.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE bench_${n}`);
      await admin.end();
      const url = stores.env.DATABASE_URL.replace(/\/postgres$/, `/bench_${n}`);
      const store = await PostgresMetadataStore.open(url); // creates the schema
      await store.ensureDefaultProject(token);
      t = performance.now();
      await fillPostgres(url, n, now);
      setups.push({
        name: 'PostgreSQL',
        seeded: performance.now() - t,
        results: await searchAll(store),
      });
      await store.close();
    }
    for (const setup of setups) {
      console.log(
        `  ${setup.name}, ${n} sessions (seeded in ${(setup.seeded / 1000).toFixed(0)} s)`,
      );
      let worst = ['', 0];
      for (const [name, r] of Object.entries(setup.results)) {
        if (r.p95 > worst[1]) worst = [name, r.p95];
        const outcome = r.error ? `error: ${r.error.slice(0, 60)}` : `${r.found} found`;
        console.log(
          `    ${name.padEnd(28)} ${r.p50.toFixed(1).padStart(8)} / ${r.p95.toFixed(1).padStart(8)}  ${outcome}`,
        );
      }
      console.log(`    worst p95: ${worst[1].toFixed(1)} ms (${worst[0]})`);
    }
  }
}
