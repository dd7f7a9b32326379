// `pnpm bench:server [--store postgres]`: ingest throughput beside the ceiling of the same
// work (gunzip + JSON.parse of the same chunks on all cores), decoding on worker threads and
// on the event loop; latency at 1,000 clients; search latency at 10k, 100k and 1M sessions for
// every filter kind (see searchBench.mjs), with the worst p95.
// With `--store postgres` the same figures for PostgreSQL + S3 (throwaway local servers)
// beside SQLite + folder. A benchmark, not a test: compare ratios within one run.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startCliServer } from '../../../scripts/cliServer.mjs';
import { startStores } from '../../../scripts/loadtest.mjs';
import { recordingChunk } from '../../../scripts/recording.mjs';
import { parseCeiling } from './ceiling.mjs';
import { openLoad } from './openLoad.mjs';
import { rawPost } from './rawPost.mjs';
import { queryBench } from './searchBench.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    chunks: { type: 'string', default: '4000' },
    clients: { type: 'string', default: '1000' },
    'client-seconds': { type: 'string', default: '15' },
    concurrency: { type: 'string', default: '64' },
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
/** CPU seconds a process has used (every thread), from /proc: the server's own cost. */
const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

// Each bench client behind its own address (as visitors are), named by a trusted proxy.
const ARGS = ['--no-demo', '--trust-proxy', '127.0.0.1', '--project-rate', '1000000'];
const forwardedFor = (i) => ({ 'X-Forwarded-For': `10.3.${i >> 8}.${i & 255}` });

/** Posts `bodies` from `concurrency` clients; each must be acknowledged. */
const post = (url, bodies, concurrency) =>
  rawPost({ url, token: TOKEN, bodies, connections: concurrency, headers: forwardedFor });

/** Waits until the process has used under 1 % of a core for a second. */
async function quiet(pid) {
  for (let calm = 0; calm < 5; ) {
    const before = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 200));
    calm = cpuSeconds(pid) - before < 0.002 ? calm + 1 : 0;
  }
}

/**
 * A server as it runs for days: warmed up first (the IP database read on first need, the
 * hot code compiled), then timed over `bodies`. Warm-up costs are printed apart.
 */
async function ingest(warm, bodies, env) {
  const server = await startCliServer({
    token: TOKEN,
    args: ARGS,
    env,
    nodeArgs: process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [],
  });
  const concurrency = Number(values.concurrency);
  const cpuAtStart = cpuSeconds(server.pid);
  await post(server.url, warm, concurrency);
  await quiet(server.pid);
  const warmCpu = cpuSeconds(server.pid) - cpuAtStart;
  const cpuBefore = cpuSeconds(server.pid);
  const clientBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const latencies = await post(server.url, bodies, concurrency);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  const { user, system } = process.cpuUsage(clientBefore);
  const clientCpu = (user + system) / 1e6;
  await server.stop();
  latencies.sort((a, b) => a - b);
  return { seconds, cpu, clientCpu, warmCpu, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99) };
}

/**
 * Chunks 2 s apart of `sessions` visits, after their first (the full snapshot is a small
 * share of a long recording), recorded in the last minutes by clocks that are right, as
 * most are: a chunk from a wrong clock is moved onto the server's, which costs more.
 */
function chunks(prefix, count, sessions) {
  const start = Date.now() - (count / sessions + 60) * 2000;
  return Array.from({ length: count }, (_, i) =>
    gzipSync(
      JSON.stringify(
        recordingChunk(`${prefix}-${i % sessions}`, 1 + Math.floor(i / sessions), start),
      ),
    ),
  );
}

async function ingestBench() {
  const count = Number(values.chunks);
  // 50 chunks a session, under the per-session budget, as many visits at once send. New
  // sessions for every row: PostgreSQL's database is shared by its rows.
  const sessions = Math.max(1, Math.ceil(count / 50));
  let row = 0;
  const rowChunks = () => {
    row += 1;
    return { bodies: chunks(`bench${row}`, count, sessions), warm: chunks(`warm${row}`, 1000, 20) };
  };
  let first = rowChunks();
  const mb = first.bodies.reduce((n, b) => n + b.length, 0) / 2 ** 20;
  console.log(
    `\nIngest: ${count} realistic chunks (${((mb * 1024) / count).toFixed(1)} KB gzip each, ${values.concurrency} clients), each server warmed up by 1,000 first`,
  );
  console.log(
    '  The ceiling (gunzip + JSON.parse of the same chunks on every core) is measured right before each row: this machine is shared.',
  );
  const rate = (perSecond) =>
    `${perSecond.toFixed(0).padStart(6)} chunks/s ${((perSecond * mb) / count).toFixed(1).padStart(5)} MB/s`;
  const us = (seconds) => `${(seconds * 1e6).toFixed(0)} µs`;
  for (const setup of setups)
    for (const [how, threads] of [
      ['decode threads', undefined],
      ['event loop', '0'],
    ]) {
      const env = { ...setup.env, ...(threads ? { TAPEDECK_DECODE_THREADS: threads } : {}) };
      const { bodies, warm } = first ?? rowChunks();
      first = null;
      const ceiling = await parseCeiling(bodies);
      const ceilingCpu = ceiling.cpuPerChunk;
      const r = await ingest(warm, bodies, env);
      const perSecond = count / r.seconds;
      console.log(
        `  ${`${setup.name}, ${how}`.padEnd(30)}${rate(perSecond)}  ${((perSecond / ceiling.chunksPerSecond) * 100).toFixed(1).padStart(4)} % of the ceiling (${rate(ceiling.chunksPerSecond)})`,
      );
      console.log(
        `  ${''.padEnd(30)}p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; server CPU ${us(r.cpu / count)} a chunk, ${(r.cpu / count / ceilingCpu).toFixed(2)}× the ceiling's ${us(ceilingCpu)}; client CPU ${us(r.clientCpu / count)} a chunk; warm-up ${r.warmCpu.toFixed(1)} s of CPU`,
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

try {
  await ingestBench();
  await clientsBench();
  await queryBench(values.sizes.split(',').map(Number), TOKEN, stores);
} finally {
  await stores?.stop();
}
