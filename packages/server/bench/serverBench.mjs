// `pnpm bench:server [--store postgres]`: ingest throughput beside the ceiling of the same
// work (gunzip + JSON.parse of the same chunks on all cores), decoding on worker threads and
// on the event loop; latency at 1,000 clients; search latency at 10k, 100k and 1M sessions.
// With `--store postgres` the same figures for PostgreSQL + S3 (throwaway local servers)
// beside SQLite + folder. A benchmark, not a test: compare ratios within one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startCliServer } from '../../../scripts/cliServer.mjs';
import { startStores } from '../../../scripts/loadtest.mjs';
import { recordingChunk } from '../../../scripts/recording.mjs';
import { PostgresMetadataStore, SqliteMetadataStore } from '../dist/index.js';
import { parseCeiling } from './ceiling.mjs';
import { openLoad } from './openLoad.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    chunks: { type: 'string', default: '800' },
    clients: { type: 'string', default: '1000' },
    'client-seconds': { type: 'string', default: '15' },
    concurrency: { type: 'string', default: '16' },
    sizes: { type: 'string', default: '10000,100000,1000000' },
    store: { type: 'string', default: 'sqlite' },
  },
});
if (!['sqlite', 'postgres'].includes(values.store))
  throw new Error('--store must be sqlite or postgres (postgres also runs sqlite, beside it).');
const TOKEN = 'bench_token_0001';
const stores = values.store === 'postgres' ? await startStores() : null;
const setups = [
  { name: 'SQLite + folder', env: {} },
  ...(stores ? [{ name: 'PostgreSQL + S3', env: stores.env }] : []),
];
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

// Each bench client behind its own address (as visitors are), named by a trusted proxy.
const ARGS = ['--no-demo', '--trust-proxy', '127.0.0.1'];
const forwardedFor = (i) => ({ 'X-Forwarded-For': `10.3.${i >> 8}.${i & 255}` });

async function ingest(bodies, env) {
  const server = await startCliServer({
    token: TOKEN,
    args: ARGS,
    env,
    nodeArgs: process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [],
  });
  const concurrency = Number(values.concurrency);
  let next = 0;
  const latencies = [];
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t = performance.now();
        const headers = forwardedFor(i);
        const res = await fetch(`${server.url}/s/?token=${TOKEN}`, {
          method: 'POST',
          body,
          headers,
        });
        if (!res.ok) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await server.stop();
  latencies.sort((a, b) => a - b);
  return { seconds, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99) };
}

async function ingestBench() {
  const count = Number(values.chunks);
  // Later chunks of 20 sessions (the full snapshot is a small share of a long recording).
  const bodies = Array.from({ length: count }, (_, i) =>
    gzipSync(JSON.stringify(recordingChunk(`bench-${i % 20}`, 1 + Math.floor(i / 20)))),
  );
  const mb = bodies.reduce((n, b) => n + b.length, 0) / 2 ** 20;
  const ceiling = await parseCeiling(bodies);
  console.log(
    `\nIngest: ${count} realistic chunks (${((mb * 1024) / count).toFixed(1)} KB gzip each, ${values.concurrency} clients)`,
  );
  const rate = (perSecond) =>
    `${perSecond.toFixed(0).padStart(8)} chunks/s  ${((perSecond * mb) / count).toFixed(1).padStart(7)} MB/s`;
  console.log(
    `  ceiling            ${rate(ceiling.chunksPerSecond)}  (gunzip + JSON.parse on ${ceiling.cores} cores)`,
  );
  for (const setup of setups)
    for (const [how, threads] of [
      ['decode threads', undefined],
      ['event loop', '0'],
    ]) {
      const env = { ...setup.env, ...(threads ? { TAPEDECK_DECODE_THREADS: threads } : {}) };
      const r = await ingest(bodies, env);
      const perSecond = count / r.seconds;
      console.log(
        `  ${`${setup.name}, ${how}`.padEnd(32)}${rate(perSecond)}  ${((perSecond / ceiling.chunksPerSecond) * 100).toFixed(1).padStart(5)} % of the ceiling; p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`,
      );
    }
}

async function clientsBench() {
  const clients = Number(values.clients);
  const seconds = Number(values['client-seconds']);
  console.log(
    `\nLatency at ${clients} clients, each sending a chunk every ~2 s for ${seconds} s (open loop)`,
  );
  for (const setup of setups) {
    const server = await startCliServer({ token: TOKEN, args: ARGS, env: setup.env });
    const { latencies, failed } = await openLoad({
      url: server.url,
      token: TOKEN,
      clients,
      seconds,
    });
    await server.stop();
    console.log(
      `  ${setup.name.padEnd(16)}  ${latencies.length} acknowledged, ${failed} refused or failed; p50 ${pct(latencies, 0.5).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms`,
    );
  }
}

// n sessions with a spread of durations, devices and signals, the same in both databases.
const COLUMNS = `project_id, id, distinct_id, start_time, end_time, first_url, first_url_ts,
  event_count, pageview_count, click_count, keypress_count, chunk_count, size_bytes, sdk_name,
  sdk_version, user_agent, updated_at, active_ms, rage_click_count, dead_click_count,
  console_error_count, browser, os, device_type`;

async function fillSqlite(file, n, now) {
  const store = new SqliteMetadataStore(file); // creates the schema
  await store.ensureDefaultProject(TOKEN);
  await store.close();
  const db = new Database(file);
  db.pragma('synchronous = OFF');
  const insert = db.prepare(`INSERT INTO sessions (${COLUMNS})
    VALUES (1, ?, ?, ?, ?, ?, ?, 100, 3, ?, 10, 5, 20000, 'core', '1', null, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const devices = ['desktop', 'desktop', 'mobile', 'tablet'];
  const browsers = ['Chrome', 'Safari', 'Firefox', 'Edge'];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const start = now - (n - i) * 5000;
      const duration = (i * 7919) % 1_800_000;
      insert.run(
        ...[`s${i.toString(36).padStart(8, '0')}`, `u${i % 50000}`, start, start + duration],
        ...[`https://shop.example/p/${i % 300}`, start, i % 40, start + duration],
        ...[Math.floor(duration * 0.6), i % 17 === 0 ? 2 : 0, i % 11 === 0 ? 1 : 0],
        ...[i % 13 === 0 ? 3 : 0, browsers[i % 4], i % 3 ? 'Windows' : 'iOS', devices[i % 4]],
      );
    }
  })();
  db.pragma('optimize');
  db.close();
}

async function fillPostgres(url, n, now) {
  const store = await PostgresMetadataStore.open(url); // creates the schema
  await store.ensureDefaultProject(TOKEN);
  await store.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // The same rows as fillSqlite, made by the server in one statement.
  await client.query(
    `INSERT INTO sessions (${COLUMNS})
     SELECT 1, 's' || lpad(i::text, 9, '0'), 'u' || (i % 50000), st, st + d,
       'https://shop.example/p/' || (i % 300), st, 100, 3, i % 40, 10, 5, 20000, 'core', '1', null,
       st + d, floor(d * 0.6), CASE WHEN i % 17 = 0 THEN 2 ELSE 0 END,
       CASE WHEN i % 11 = 0 THEN 1 ELSE 0 END, CASE WHEN i % 13 = 0 THEN 3 ELSE 0 END,
       (ARRAY['Chrome','Safari','Firefox','Edge'])[i % 4 + 1],
       CASE WHEN i % 3 = 0 THEN 'iOS' ELSE 'Windows' END,
       (ARRAY['desktop','desktop','mobile','tablet'])[i % 4 + 1]
     FROM generate_series(0, $1::int - 1) AS i,
       LATERAL (SELECT $2::bigint - ($1::bigint - i) * 5000 AS st, (i::bigint * 7919) % 1800000 AS d) AS v`,
    [n, now],
  );
  await client.query('ANALYZE sessions');
  await client.end();
}

async function timeSearch(store, filter) {
  const times = [];
  let found = 0;
  for (let i = 0; i < 60; i++) {
    const t = performance.now();
    const page = await store.listSessions(1, { filter, limit: 50 });
    times.push(performance.now() - t);
    found = page.sessions.length;
  }
  times.sort((a, b) => a - b);
  return { p50: times[30], p95: pct(times, 0.95), found };
}

async function queryBench() {
  const filter = {
    and: [{ has: 'rageClicks' }, { deviceType: 'mobile' }, { duration: { min: 60_000 } }],
  };
  console.log(`\nSearch: newest 50 sessions with ${JSON.stringify(filter)}`);
  const now = Date.now();
  const rows = [];
  for (const n of values.sizes.split(',').map(Number)) {
    const dir = mkdtempSync(join(tmpdir(), 'tapedeck-bench-query-'));
    await fillSqlite(join(dir, 'tapedeck.db'), n, now);
    const sqlite = new SqliteMetadataStore(join(dir, 'tapedeck.db'));
    const row = { n, sqlite: await timeSearch(sqlite, filter) };
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
    if (stores) {
      const admin = new pg.Client({ connectionString: stores.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE bench_${n}`);
      await admin.end();
      const url = stores.env.DATABASE_URL.replace(/\/postgres$/, `/bench_${n}`);
      await fillPostgres(url, n, now);
      const postgres = await PostgresMetadataStore.open(url);
      row.postgres = await timeSearch(postgres, filter);
      await postgres.close();
    }
    rows.push(row);
  }
  for (const setup of ['sqlite', 'postgres']) {
    if (!rows[0][setup]) continue;
    console.log(`  ${setup === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`);
    const base = rows[0][setup].p95;
    for (const r of rows) {
      const t = r[setup];
      console.log(
        `  ${String(r.n).padStart(10)} sessions: p50 ${t.p50.toFixed(2).padStart(7)} ms  p95 ${t.p95.toFixed(2).padStart(7)} ms  (${(t.p95 / base).toFixed(2)}× the ${rows[0].n} p95; ${t.found} found)`,
      );
    }
  }
}

try {
  await ingestBench();
  await clientsBench();
  await queryBench();
} finally {
  await stores?.stop();
}
