// SIGTERM while clients are sending (the docs: "SIGTERM lets in-flight chunks commit before
// the process exits"): every chunk answered 200 before the stop is stored once after a restart
// on the same data folder, every stored line parses, the list's counts agree, `tapedeck
// check` is clean. Clients keep sending through the stop (as a recorder would), small chunks
// and chunks large enough for the decode threads, from several addresses.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from '../../../../scripts/cliServer.mjs';
import { type Chunk, jsonOfSize } from './ingest.attack.helpers.js';
import {
  gzJson,
  markedChunk,
  newSessionId,
  postFrom,
  sessionRows,
  storedMarks,
} from './ingest.attack.sched.helpers.js';
import { requireBuiltCli } from './segments.attack.helpers.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');
const TOKEN = 'sigterm_attack_token';
const ADMIN = 'tdk_sigterm_Q7m2Xv9pLr4Tz8Kc3Nw6Bh1Jd5';
const ARGS = ['--no-demo', '--trust-proxy', '127.0.0.1', '--client-rate', '100000'];

let running: CliServer | undefined;
afterAll(async () => {
  await running?.stop();
});

describe('SIGTERM under load', () => {
  it('every chunk acknowledged before the stop is stored once after a restart', async () => {
    requireBuiltCli();
    const first = await startCliServer({ token: TOKEN, adminKey: ADMIN, args: ARGS });
    running = first;
    const { dataDir } = first;
    const CLIENTS = 12;
    const acked = new Map<string, number[]>();
    const refused: Record<string, number> = {};
    let stopping = false;
    let sigtermAt = Number.POSITIVE_INFINITY;
    /** Requests that got no HTTP answer: when they were sent, from the SIGTERM (ms, negative: before). */
    const unanswered: { id: string; seq: number; sentMs: number; error: string }[] = [];
    let ackCount = 0;
    let reached!: () => void;
    const enough = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const clients = Array.from({ length: CLIENTS }, async (_, i) => {
      const id = newSessionId();
      acked.set(id, []);
      // Each client sends until the server no longer answers (the stop), 3 of them large chunks.
      for (let seq = 0; seq < 400; seq++) {
        const chunk = markedChunk(id, seq);
        const body =
          i % 4 === 0
            ? gzJson(JSON.parse(jsonOfSize(chunk as unknown as Chunk, 600 * 1024)))
            : gzJson(chunk);
        const sent = performance.now();
        const answer = await postFrom(first, `10.7.0.${i}`, body);
        if (answer.status === 0)
          unanswered.push({ id, seq, sentMs: sent - sigtermAt, error: answer.body.slice(0, 60) });
        if (answer.status === 200) {
          acked.get(id)?.push(seq);
          if (++ackCount >= 200) reached();
        } else {
          const key = `${answer.status} ${answer.body.slice(0, 60)}`;
          refused[key] = (refused[key] ?? 0) + 1;
          if (stopping && answer.status === 0) return id;
          if (!stopping) return id;
        }
      }
      return id;
    });
    await enough;
    stopping = true;
    const started = performance.now();
    sigtermAt = started;
    await first.stop({ keepData: true });
    const exitMs = performance.now() - started;
    await Promise.all(clients);
    console.log(
      `stopped in ${exitMs.toFixed(0)} ms after ${ackCount} acks; other answers: ${JSON.stringify(refused)}`,
    );
    // Before the stop nothing but 200 was expected.
    expect(
      Object.keys(refused).every((k) => /^(0|503) /.test(k)),
      JSON.stringify(refused),
    ).toBe(true);

    const second = await startCliServer({ dataDir, token: TOKEN, adminKey: ADMIN, args: ARGS });
    running = second;
    const problems: string[] = [];
    const rows = await sessionRows(second);
    for (const [id, seqs] of acked) {
      const stored = await storedMarks(second, id);
      if (stored.bad > 0) problems.push(`${id}: ${stored.bad} stored lines do not parse`);
      const marks = stored.marks.map((mark) => Number(mark.split('/')[1]));
      const missing = seqs.filter((seq) => !marks.includes(seq));
      if (missing.length)
        problems.push(`${id}: acknowledged seqs missing after restart: ${missing.join()}`);
      if (new Set(marks).size !== marks.length)
        problems.push(`${id}: a chunk stored twice: ${marks.join()}`);
      if (rows.get(id)?.chunkCount !== marks.length)
        problems.push(
          `${id}: list says ${rows.get(id)?.chunkCount} chunks, ${marks.length} stored`,
        );
      const exported = await second.api(`/api/sessions/${id}/export`);
      const text = await exported.text();
      try {
        JSON.parse(text);
      } catch {
        problems.push(`${id}: export ${exported.status} does not parse (${text.length} chars)`);
      }
    }
    // A request sent well before the SIGTERM is in flight: the docs let it commit and answer.
    const early = unanswered.filter((u) => u.sentMs < -50 || !Number.isFinite(u.sentMs));
    const seen = await Promise.all(
      unanswered.map(async (u) => {
        const stored = await storedMarks(second, u.id);
        return `${u.id}/${u.seq} sent ${Number.isFinite(u.sentMs) ? u.sentMs.toFixed(0) : 'long before'} ms from SIGTERM, ${u.error}, stored after restart: ${stored.marks.includes(`${u.id}/${u.seq}`)}`;
      }),
    );
    console.log(`unanswered:\n${seen.join('\n')}`);
    expect(problems).toEqual([]);
    expect(early.map((u) => `${u.id}/${u.seq} ${u.sentMs.toFixed(0)} ms ${u.error}`)).toEqual([]);
    running = undefined;
    await second.stop({ keepData: true });
    const check = spawnSync(process.execPath, [CLI, 'check', '--data', dataDir], {
      encoding: 'utf8',
    });
    expect(check.status, `${check.stdout}\n${check.stderr}`).toBe(0);
  }, 60_000);
});
