// Issue #19, written from the requirement alone, against the real CLI (`dist/cli.js`, build
// first): a 2xx means bytes and index row survive a SIGKILL, and `tapedeck check` copes with
// a segment cut short.
import { randomBytes } from 'node:crypto';
import { statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from '../../../../scripts/cliServer.mjs';
import { removeDir } from './helpers.js';
import {
  type Chunk,
  expectCleanCheck,
  expectComplete,
  markedChunk,
  readSession,
  requireBuiltCli,
  runCheck,
  sessionId,
  whereMarker,
} from './segments.attack.helpers.js';

const ARGS = ['--no-demo', '--client-rate', '1000000', '--session-rate', '1000000'];
const running: CliServer[] = [];
/** A fresh server, or one restarted on the folder (token, keys) of `old`. */
async function boot(old?: CliServer): Promise<CliServer> {
  const { dataDir, token, adminKey } = old ?? {};
  const server = await startCliServer({ dataDir, token, adminKey, args: ARGS });
  running.push(server);
  return server;
}

/** Posts one chunk; true when the server acknowledged it (2xx), false on any other outcome. */
async function send(server: CliServer, chunk: Chunk): Promise<boolean> {
  try {
    const response = await fetch(`${server.url}/s/?token=${server.token}`, {
      method: 'POST',
      body: gzipSync(JSON.stringify(chunk)),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false; // the connection died with the server
  }
}

/** Posts every chunk through `width` concurrent clients, all of which must be acknowledged. */
async function sendAll(server: CliServer, chunks: Chunk[], width = 16): Promise<void> {
  const queue = [...chunks];
  const refused: Chunk[] = [];
  const client = async () => {
    for (let chunk = queue.shift(); chunk; chunk = queue.shift())
      if (!(await send(server, chunk))) refused.push(chunk);
  };
  await Promise.all(Array.from({ length: width }, client));
  expect(refused.map((c) => `${c.sessionId}/${c.seq}`)).toEqual([]);
}

const bySession = (chunks: Chunk[]) => {
  const groups = new Map<string, Chunk[]>();
  for (const c of chunks) groups.set(c.sessionId, [...(groups.get(c.sessionId) ?? []), c]);
  return groups;
};

describe('segments: crashes and the store check (#19)', () => {
  const tag = randomBytes(6).toString('hex');
  beforeAll(requireBuiltCli);
  afterEach(async () => {
    for (const server of running.splice(0)) {
      await server.crash(); // a no-op for one already stopped
      removeDir(server.dataDir);
    }
  });

  it('a SIGKILL amid concurrent posts loses no acknowledged chunk, and the store stays consistent', async () => {
    let server = await boot();
    const start = Date.now() - 120_000;
    const chunks: Chunk[] = [];
    for (let seq = 0; seq < 40; seq++)
      for (let s = 0; s < 16; s++)
        chunks.push(markedChunk(sessionId(200 + s), seq, { dom: `KILO${tag}s${s}` }, start));

    // 48 clients post as fast as they can; the server dies once 150 posts are acknowledged.
    const queue = [...chunks];
    const acked = new Set<Chunk>();
    let inFlight = 0;
    let killed = false;
    let enough = () => {};
    const reached = new Promise<void>((resolve) => {
      enough = resolve;
    });
    const client = async () => {
      for (let chunk = queue.shift(); chunk && !killed; chunk = queue.shift()) {
        inFlight++;
        if (await send(server, chunk)) acked.add(chunk);
        inFlight--;
        if (acked.size >= 150) enough();
      }
    };
    const clients = Array.from({ length: 48 }, client);
    await Promise.race([reached, Promise.all(clients)]);
    const inFlightAtKill = inFlight;
    killed = true;
    await server.crash();
    await Promise.all(clients);
    expect(acked.size).toBeGreaterThanOrEqual(150);
    expect(inFlightAtKill, 'posts in flight when the server was killed').toBeGreaterThan(0);

    // Offline, the check may repair what the crash left; run again, it reports nothing wrong.
    const first = await runCheck(server.dataDir);
    expect(`${first.out}${first.err}`).not.toMatch(/^\s+at /m);
    expectCleanCheck(await runCheck(server.dataDir));

    server = await boot(server);
    for (const [id, sent] of bySession(chunks)) {
      const lines = (await readSession(server.url, id, server.adminKey)) ?? [];
      const seqs = lines.map((l) => l.seq);
      expect(new Set(seqs).size, `${id}: a chunk replayed twice`).toBe(seqs.length);
      // Whatever is there is exactly what was sent (acknowledged or not)...
      for (const line of lines)
        expect(line.events, `${id}/${line.seq}`).toEqual(
          sent.find((c) => c.seq === line.seq)?.events,
        );
      // ...and every acknowledged chunk is there.
      const missing = sent.filter((c) => acked.has(c) && !seqs.includes(c.seq)).map((c) => c.seq);
      expect(missing, `${id}: acknowledged chunks lost`).toEqual([]);
    }

    // Clients resend what was never acknowledged (and the rest): all taken, each stored once.
    await sendAll(
      server,
      chunks.filter((c) => !acked.has(c)),
    );
    await sendAll(server, [...acked].slice(0, 20));
    const fresh = [0, 1, 2].map((seq) => markedChunk(sessionId(299), seq, { dom: `LIMA${tag}` }));
    await sendAll(server, fresh);
    for (const [id, sent] of bySession([...chunks, ...fresh]))
      await expectComplete(server.url, id, sent, server.adminKey);

    await server.stop({ keepData: true });
    expectCleanCheck(await runCheck(server.dataDir));
  });

  it('a session deleted just before a SIGKILL stays deleted: no recovery brings its bytes back', async () => {
    let server = await boot();
    const [X, Y] = [301, 302].map(sessionId) as [string, string];
    const xs = [0, 1, 2, 3, 4, 5].map((seq) => markedChunk(X, seq, { dom: `XRAY${tag}` }));
    const ys = [0, 1, 2, 3, 4, 5].map((seq) => markedChunk(Y, seq, { dom: `YANKEE${tag}` }));
    await sendAll(
      server,
      xs.flatMap((x, i) => [x, ys[i]!]),
    );
    const deleted = await server.api(`/api/sessions/${X}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    await server.crash();

    server = await boot(server);
    expect(await readSession(server.url, X, server.adminKey)).toBeNull();
    const list = (await (await server.api('/api/sessions')).json()) as {
      sessions: { id: string }[];
    };
    expect(list.sessions.map((s) => s.id)).not.toContain(X);
    expect(whereMarker(server.dataDir, `XRAY${tag}`)).toEqual({});
    await expectComplete(server.url, Y, ys, server.adminKey);
    await server.stop({ keepData: true });
    expectCleanCheck(await runCheck(server.dataDir));
  });

  it('a segment cut short: the check names the damaged chunk, and the server serves the rest', async () => {
    let server = await boot();
    const ids = [401, 402, 403].map(sessionId);
    const others = ids.flatMap((id, i) =>
      [0, 1, 2, 3, 4].map((seq) => markedChunk(id, seq, { dom: `PAPA${tag}s${i}` })),
    );
    await sendAll(server, others);
    // The victim is acknowledged last, alone: its bytes end the newest segment.
    const victim = markedChunk(sessionId(499), 0, { dom: `VICTOR${tag}` });
    await sendAll(server, [victim]);
    await server.stop({ keepData: true });

    const holders = Object.keys(whereMarker(server.dataDir, `VICTOR${tag}`)).filter(
      (file) => !file.startsWith('tapedeck.db'),
    );
    expect(holders, 'the files holding the last chunk').toHaveLength(1);
    const file = join(server.dataDir, holders[0]!);
    truncateSync(file, statSync(file).size - 5);

    const check = await runCheck(server.dataDir);
    const said = `${check.out}\n${check.err}`;
    expect(said, 'a stack trace instead of a report').not.toMatch(/^\s+at /m);
    expect(check.code, said).toBe(1);
    expect(said, 'the check names the damaged chunk').toContain(victim.sessionId);
    for (const id of ids) expect(said, `an undamaged session named: ${id}`).not.toContain(id);

    server = await boot(server);
    for (const [id, sent] of bySession(others))
      await expectComplete(server.url, id, sent, server.adminKey);
    // Asking for the damaged session answers (any way) and breaks nothing.
    await (await server.api(`/api/sessions/${victim.sessionId}/snapshots`)).arrayBuffer();
    expect((await server.api('/api/sessions')).status).toBe(200);
    const more = markedChunk(sessionId(498), 0, { dom: `ROMEO${tag}` });
    await sendAll(server, [more]);
    await expectComplete(server.url, more.sessionId, [more], server.adminKey);
    await server.stop();
  });
});
