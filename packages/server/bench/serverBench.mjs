// `pnpm bench:server`: ingest throughput beside plain gunzip of the same bytes, and search
// latency at 10k, 100k and 1M sessions. A benchmark, not a test: compare ratios in one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { startCliServer } from '../../../scripts/cliServer.mjs';
import { recordingChunk } from '../../../scripts/recording.mjs';
import { SqliteMetadataStore } from '../dist/index.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    chunks: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '16' },
    sizes: { type: 'string', default: '10000,100000,1000000' },
  },
});

async function ingestBench() {
  const count = Number(values.chunks);
  const concurrency = Number(values.concurrency);
  // Later chunks of 20 sessions (the full snapshot is a small share of a long recording).
  const bodies = Array.from({ length: count }, (_, i) =>
    gzipSync(JSON.stringify(recordingChunk(`bench-${i % 20}`, 1 + Math.floor(i / 20)))),
  );
  const bytes = bodies.reduce((n, b) => n + b.length, 0);

  // Baseline: plain zlib gunzip of the same bytes, in this process.
  let start = process.hrtime.bigint();
  for (let round = 0; round < 5; round++) for (const body of bodies) gunzipSync(body);
  const gunzipSeconds = Number(process.hrtime.bigint() - start) / 1e9 / 5;

  const server = await startCliServer({
    token: 'bench_token_0001',
    args: ['--no-demo'],
    nodeArgs: process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [],
  });
  let next = 0;
  const latencies = [];
  start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t = performance.now();
        const res = await fetch(`${server.url}/s/?token=bench_token_0001`, {
          method: 'POST',
          body,
        });
        if (!res.ok) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const ingestSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  await server.stop();
  latencies.sort((a, b) => a - b);
  const mb = bytes / 2 ** 20;
  console.log(
    `\nIngest: ${count} realistic chunks (${(bytes / count / 1024).toFixed(1)} KB gzip each, ${concurrency} clients)`,
  );
  console.log(
    `  gunzip alone:  ${(count / gunzipSeconds).toFixed(0).padStart(8)} chunks/s  ${(mb / gunzipSeconds).toFixed(1).padStart(7)} MB/s`,
  );
  console.log(
    `  POST /s/:      ${(count / ingestSeconds).toFixed(0).padStart(8)} chunks/s  ${(mb / ingestSeconds).toFixed(1).padStart(7)} MB/s  (${((gunzipSeconds / ingestSeconds) * 100).toFixed(1)} % of gunzip's rate; p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(1)} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)].toFixed(1)} ms)`,
  );
}

async function fillSessions(file, n) {
  const store = new SqliteMetadataStore(file); // creates the schema
  await store.ensureDefaultProject('bench_token_0001');
  await store.close();
  const db = new Database(file);
  db.pragma('synchronous = OFF');
  const insert =
    db.prepare(`INSERT INTO sessions (project_id, id, distinct_id, start_time, end_time, first_url, first_url_ts,
    event_count, pageview_count, click_count, keypress_count, chunk_count, size_bytes, sdk_name, sdk_version, user_agent,
    updated_at, active_ms, rage_click_count, dead_click_count, console_error_count, browser, os, device_type)
    VALUES (1, ?, ?, ?, ?, ?, ?, 100, 3, ?, 10, 5, 20000, 'core', '1', null, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const devices = ['desktop', 'desktop', 'mobile', 'tablet'];
  const browsers = ['Chrome', 'Safari', 'Firefox', 'Edge'];
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const start = now - (n - i) * 5000;
      const duration = (i * 7919) % 1_800_000;
      insert.run(
        `s${i.toString(36).padStart(8, '0')}`,
        `u${i % 50000}`,
        start,
        start + duration,
        `https://shop.example/p/${i % 300}`,
        start,
        i % 40,
        start + duration,
        Math.floor(duration * 0.6),
        i % 17 === 0 ? 2 : 0,
        i % 11 === 0 ? 1 : 0,
        i % 13 === 0 ? 3 : 0,
        browsers[i % 4],
        i % 3 ? 'Windows' : 'iOS',
        devices[i % 4],
      );
    }
  })();
  db.pragma('optimize');
  db.close();
}

async function queryBench() {
  const filter = {
    and: [{ has: 'rageClicks' }, { deviceType: 'mobile' }, { duration: { min: 60_000 } }],
  };
  console.log(`\nSearch: newest 50 sessions with ${JSON.stringify(filter)}`);
  const rows = [];
  for (const n of values.sizes.split(',').map(Number)) {
    const dir = mkdtempSync(join(tmpdir(), 'tapedeck-bench-query-'));
    const file = join(dir, 'tapedeck.db');
    await fillSessions(file, n);
    const store = new SqliteMetadataStore(file);
    const times = [];
    let found = 0;
    for (let i = 0; i < 60; i++) {
      const t = performance.now();
      const page = await store.listSessions(1, { filter, limit: 50 });
      times.push(performance.now() - t);
      found = page.sessions.length;
    }
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    times.sort((a, b) => a - b);
    rows.push({ n, p50: times[30], p95: times[Math.floor(times.length * 0.95)], found });
  }
  const base = rows[0].p95;
  for (const r of rows)
    console.log(
      `  ${String(r.n).padStart(8)} sessions: p50 ${r.p50.toFixed(2).padStart(7)} ms  p95 ${r.p95.toFixed(2).padStart(7)} ms  (${(r.p95 / base).toFixed(2)}× the ${rows[0].n} p95; ${r.found} found)`,
    );
}

await ingestBench();
await queryBench();
