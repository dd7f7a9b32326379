// `pnpm loadtest`: N clients record into a real server on loopback for a fixed time, each
// sending a chunk every ~2 s and retrying until it is acknowledged, as @tapedeck/core does.
// Optionally the server is killed (SIGKILL) halfway and restarted on the same data. Then
// every session is read back: acknowledged chunks present exactly once, each session
// complete from its full snapshot on. Run directly, or import `runLoadtest` (the e2e test).
// With `--abuse`, the same run twice, each client behind its own address: once alone, once
// beside abusive clients (floods, oversized fields, hostile filters): see abusers.mjs.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startAbusers } from './abusers.mjs';
import { startCliServer } from './cliServer.mjs';
import { startPostgres } from './postgres.mjs';
import { recordingChunk } from './recording.mjs';
import { roundRobin } from './roundRobin.mjs';
import { startS3 } from './s3.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Resident memory of a process in MB (Linux), or null. */
function rssMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * @param {{ clients?: number, seconds?: number, intervalMs?: number, crash?: boolean, keepData?: boolean, replicas?: number, env?: Record<string, string>, log?: (line: string) => void, addresses?: boolean, abusers?: number, backdateMs?: number }} [options]
 */
export async function runLoadtest(options = {}) {
  const { clients = 200, seconds = 30, intervalMs = 2000, crash = false, replicas = 1 } = options;
  const log = options.log ?? (() => {});
  // Each client behind its own address, named by a proxy the server trusts (loopback here).
  const addresses = options.addresses ?? false;
  const args = ['--no-demo', ...(addresses ? ['--trust-proxy', '127.0.0.1'] : [])];
  const env = options.env ?? {};
  if (replicas > 1 && !env.DATABASE_URL)
    throw new Error('Replicas share PostgreSQL and S3: pass --store postgres.');
  const first = await startCliServer({ args, env });
  const { token, adminKey } = first;
  const servers = [first];
  while (servers.length < replicas)
    servers.push(await startCliServer({ token, adminKey, args, env }));
  if (options.keepData) log(`  data kept in ${first.dataDir}`);
  const ports = servers.map((s) => Number(new URL(s.url).port));
  // Clients reach one server, or the replicas through a round-robin splitter.
  const splitter = replicas > 1 ? await roundRobin(servers.map((s) => s.url)) : null;
  const entry = splitter?.url ?? first.url;
  const api = (path) =>
    fetch(`${entry}${path}`, { headers: { Authorization: `Bearer ${adminKey}` } });
  const run = Date.now().toString(36);
  const start = Date.now();
  const acknowledged = new Set();
  const latencies = [];
  const memory = [];
  let failedAttempts = 0;
  let stopping = false;
  let restarting = null;

  const sampler = setInterval(() => {
    const each = servers.map((s) => rssMb(s.pid));
    if (each.every((mb) => mb !== null))
      memory.push({
        second: Math.round((Date.now() - start) / 1000),
        mb: each.reduce((a, b) => a + b, 0),
      });
  }, 1000);

  const client = async (index) => {
    const sessionId = `load-${run}-${index}`;
    // Spread the starts over the first interval, as real visitors arrive.
    await sleep(Math.random() * intervalMs);
    for (let seq = 0; !stopping; seq++) {
      const dated = start - (options.backdateMs ?? 0);
      const body = gzipSync(JSON.stringify(recordingChunk(sessionId, seq, dated)));
      for (let attempt = 0; ; attempt++) {
        const t = performance.now();
        const headers = addresses ? { 'X-Forwarded-For': `10.1.${index >> 8}.${index & 255}` } : {};
        const ok = await fetch(`${entry}/s/?token=${token}`, { method: 'POST', body, headers })
          .then(async (res) => {
            await res.arrayBuffer();
            return res.ok;
          })
          .catch(() => false);
        if (ok) {
          latencies.push(performance.now() - t);
          acknowledged.add(`${sessionId}/${seq}`);
          break;
        }
        failedAttempts += 1;
        if (stopping && attempt > 40) return; // the server never came back: give up
        await sleep(Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2));
      }
      await sleep(intervalMs * (0.75 + Math.random() / 2));
    }
  };

  const crashTimer = crash
    ? setTimeout(
        () => {
          restarting = (async () => {
            const at = () => ((Date.now() - start) / 1000).toFixed(1);
            log(`  killing ${replicas > 1 ? 'replica 1' : 'the server'} (SIGKILL) at ${at()} s`);
            const dataDir = servers[0].dataDir;
            await servers[0].crash();
            servers[0] = await startCliServer({
              dataDir,
              token,
              adminKey,
              port: ports[0],
              args,
              env,
            });
            log(`  restarted on the same data at ${at()} s`);
          })();
        },
        (seconds * 1000) / 2,
      )
    : undefined;
  const running = Array.from({ length: clients }, (_, i) => client(i));
  const viewerKey = options.abusers
    ? (
        await (
          await fetch(`${entry}/api/keys`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: 'abuser', role: 'viewer' }),
          })
        ).json()
      ).key
    : null;
  const abuse = options.abusers
    ? startAbusers({
        entry,
        token,
        viewerKey,
        count: options.abusers,
        run,
        isStopping: () => stopping,
      })
    : null;
  await sleep(seconds * 1000);
  stopping = true;
  await abuse?.done;
  clearTimeout(crashTimer);
  await restarting;
  await Promise.all(running);
  clearInterval(sampler);

  // Read every session back.
  const stored = new Set();
  let duplicated = 0;
  const broken = [];
  for (let i = 0; i < clients; i++) {
    const sessionId = `load-${run}-${i}`;
    const res = await api(`/api/sessions/${sessionId}/snapshots`);
    if (res.status === 404) continue;
    const chunks = (await res.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const seqs = chunks.map((c) => c.seq);
    for (const seq of seqs) {
      const key = `${sessionId}/${seq}`;
      if (stored.has(key)) duplicated += 1;
      stored.add(key);
    }
    const summary = await (await api(`/api/sessions/${sessionId}`)).json();
    const events = chunks.toSorted((a, b) => a.seq - b.seq).flatMap((c) => c.events);
    const complete =
      seqs.toSorted((a, b) => a - b).every((seq, at) => seq === at) &&
      events[0]?.type === 4 &&
      events[1]?.type === 2 &&
      events.every((e, at) => at === 0 || e.timestamp >= events[at - 1].timestamp) &&
      summary.chunkCount === chunks.length;
    if (!complete) broken.push(sessionId);
  }
  const serverOutput = servers.map((s) => s.output()).join('\n');
  await splitter?.close();
  for (const s of servers) await s.stop({ keepData: options.keepData ?? false });
  latencies.sort((a, b) => a - b);
  return {
    clients,
    seconds,
    replicas,
    crashed: crash,
    acknowledged: acknowledged.size,
    lost: [...acknowledged].filter((key) => !stored.has(key)).length,
    duplicated,
    /** Stored but never acknowledged: in flight when the run ended or the server died. */
    storedUnacknowledged: [...stored].filter((key) => !acknowledged.has(key)).length,
    sessions: clients,
    brokenSessions: broken,
    failedAttempts,
    latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) },
    abusers: options.abusers ?? 0,
    abuseAnswers: abuse?.answers ?? {},
    memory,
    serverOutput,
  };
}

/** A throwaway PostgreSQL (durable settings) and S3 server, and the env that names them. */
export async function startStores() {
  const postgres = await startPostgres({ durable: true });
  const s3 = await startS3();
  return {
    env: {
      DATABASE_URL: postgres.url,
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'S3RVER',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'S3RVER',
    },
    async stop() {
      await s3.stop();
      postgres.stop();
    },
  };
}

function report(result) {
  const mem = result.memory;
  const every = Math.max(1, Math.ceil(mem.length / 10));
  const lines = [
    '',
    `Load: ${result.clients} clients for ${result.seconds} s${result.replicas > 1 ? `, ${result.replicas} replicas behind a round-robin splitter` : ''}${result.crashed ? ', a server killed with SIGKILL halfway and restarted' : ''}${result.abusers ? `, beside ${result.abusers} abusers` : ''}`,
    `  acknowledged chunks:  ${result.acknowledged}`,
    `  lost:                 ${result.lost}`,
    `  duplicated:           ${result.duplicated}`,
    `  stored, not yet acknowledged (in flight at the end or the kill): ${result.storedUnacknowledged}`,
    `  sessions complete:    ${result.sessions - result.brokenSessions.length} of ${result.sessions}`,
    `  failed attempts (retried): ${result.failedAttempts}`,
    `  ingest latency:       p50 ${result.latencyMs.p50.toFixed(1)} ms, p99 ${result.latencyMs.p99.toFixed(1)} ms`,
    ...(/Store check[^\n]*/.exec(result.serverOutput) ?? []).map((line) => `  restart: ${line}`),
    ...Object.entries(result.abuseAnswers).map(
      ([kind, statuses]) =>
        `  abuser answers, ${kind}: ${Object.entries(statuses)
          .map(([status, n]) => `${n} × ${status}`)
          .join(', ')}`,
    ),
    `  server memory (RSS):  ${mem
      .filter((_, i) => i % every === 0 || i === mem.length - 1)
      .map((m) => `${m.second}s ${m.mb.toFixed(0)} MB`)
      .join(', ')}`,
  ];
  console.log(lines.join('\n'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      clients: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '60' },
      crash: { type: 'boolean', default: false },
      'keep-data': { type: 'boolean', default: false },
      replicas: { type: 'string', default: '1' },
      store: { type: 'string', default: 'sqlite' },
      abuse: { type: 'boolean', default: false },
    },
  });
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  if (!(clients >= 1 && clients <= 5000)) throw new Error('--clients must be 1 to 5000.');
  if (!(seconds >= 1)) throw new Error('--seconds must be at least 1.');
  const replicas = Number(values.replicas);
  if (!['sqlite', 'postgres'].includes(values.store))
    throw new Error('--store must be sqlite or postgres.');
  const stores = values.store === 'postgres' ? await startStores() : null;
  const run = (extra) =>
    runLoadtest({
      clients,
      seconds,
      replicas,
      crash: values.crash,
      keepData: values['keep-data'],
      ...(stores ? { env: stores.env } : {}),
      log: console.log,
      ...extra,
    });
  const results = [];
  try {
    if (values.abuse) {
      // The same honest load twice: alone, then beside abusers (a tenth as many, at least 3).
      results.push(await run({ addresses: true }));
      report(results[0]);
      results.push(await run({ addresses: true, abusers: Math.max(3, Math.round(clients / 10)) }));
      report(results[1]);
      const [calm, abused] = results;
      const peak = (r) => Math.max(...r.memory.map((m) => m.mb));
      console.log(
        `\nHonest p99 beside abusers: ${abused.latencyMs.p99.toFixed(1)} ms vs ${calm.latencyMs.p99.toFixed(1)} ms alone (${(abused.latencyMs.p99 / calm.latencyMs.p99).toFixed(2)}×); honest chunks lost: ${abused.lost}; server RSS peak ${peak(abused).toFixed(0)} MB vs ${peak(calm).toFixed(0)} MB alone.`,
      );
    } else {
      results.push(await run({}));
      report(results[0]);
    }
  } finally {
    await stores?.stop();
  }
  if (results.some((r) => r.lost || r.duplicated || r.brokenSessions.length)) process.exitCode = 1;
}
