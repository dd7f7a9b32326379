// Fair turns per client address, from the outside (docs: "waiting chunks taking turns per
// client address"): an honest client's wait must not grow with how deep another address's
// flood is, and stays prompt with the default budgets too. Real CLI servers, decode threads,
// `--trust-proxy 127.0.0.1`; the flood runs in a process of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from '../../../../scripts/cliServer.mjs';
import { ARGS } from './ingest.attack.helpers.js';
import {
  gzJson,
  markedChunk,
  median,
  newSessionId,
  postFrom,
  quantile,
  startFlood,
} from './ingest.attack.sched.helpers.js';
import { requireBuiltCli } from './segments.attack.helpers.js';

const HONEST = '10.1.0.1';
/** A flood 16 times deeper may cost the honest client this much more, at most. */
const DEPTH_RATIO = 2.5;
const MEDIAN_RATIO = 10;
const P90_RATIO = 20;

let server: CliServer;
beforeAll(async () => {
  requireBuiltCli();
  server = await startCliServer({ args: [...ARGS, '--trust-proxy', '127.0.0.1'] });
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

/** `count` small chunks of the honest session, one after another, timed. */
async function honestRun(target: CliServer, sessionId: string, from: number, count: number) {
  const ms: number[] = [];
  const statuses: number[] = [];
  for (let seq = from; seq < from + count; seq++) {
    const answer = await postFrom(target, HONEST, gzJson(markedChunk(sessionId, seq)));
    statuses.push(answer.status);
    ms.push(answer.ms);
  }
  return { ms, statuses };
}

const text = (idle: number[], busy: number[]) =>
  `idle median ${median(idle).toFixed(1)} ms p90 ${quantile(idle, 0.9).toFixed(1)} ms; busy median ${median(busy).toFixed(1)} ms p90 ${quantile(busy, 0.9).toFixed(1)} ms; median ratio ${(median(busy) / median(idle)).toFixed(1)}x, p90 ratio ${(quantile(busy, 0.9) / quantile(idle, 0.9)).toFixed(1)}x`;

describe('turns per client address', () => {
  it('turns per address: a flood 16 times as deep (4 -> 64 connections) barely changes the honest wait', async () => {
    const honest = newSessionId();
    await honestRun(server, newSessionId(), 0, 30);
    const sessions = Array.from({ length: 64 }, () => newSessionId());
    const bodies = (from: number) =>
      Array.from({ length: 1500 }, (_, k) =>
        gzJson(markedChunk(sessions[k % 64] as string, from + Math.floor(k / 64))),
      );
    /** The honest client's median wait, and in how many of the flood's chunks served meanwhile. */
    const under = async (connections: number, from: number, prepared: Uint8Array[]) => {
      const flood = await startFlood(server, '10.2.0.5', connections, prepared);
      const start = performance.now();
      const run = await honestRun(server, honest, from, 40);
      const seconds = (performance.now() - start) / 1000;
      const answers = await flood.stop();
      const perSecond = (answers['200'] ?? 0) / seconds; // a slight overestimate: the flood ran longer
      const slots = (median(run.ms) / 1000) * perSecond;
      return {
        run,
        slots,
        text: `${connections} connections: honest median ${median(run.ms).toFixed(1)} ms, p90 ${quantile(run.ms, 0.9).toFixed(1)} ms = about ${slots.toFixed(1)} flood chunks served (flood ~${perSecond.toFixed(0)}/s)`,
      };
    };
    const shallow = await under(4, 0, bodies(0));
    const deep = await under(64, 40, bodies(100));
    const ratio = median(deep.run.ms) / median(shallow.run.ms);
    const text = `${shallow.text}; ${deep.text}; ratio ${ratio.toFixed(1)}x`;
    console.log(text);
    expect([...shallow.run.statuses, ...deep.run.statuses].every((s) => s === 200)).toBe(true);
    expect(ratio, text).toBeLessThan(DEPTH_RATIO);
  }, 60_000);

  it('with the default budgets too: 64 connections of small chunks from one address', async () => {
    const budgeted = await startCliServer({ args: ['--no-demo', '--trust-proxy', '127.0.0.1'] });
    try {
      // A session of its own per run: 120 chunks of one session in a second or two is faster
      // than a recorder sends, and the default session budget (burst 100) rightly refuses it.
      const run = async () => {
        const honest = newSessionId();
        const ms: number[] = [];
        for (let seq = 0; seq < 40; seq++) {
          const answer = await postFrom(budgeted, HONEST, gzJson(markedChunk(honest, seq)));
          expect(answer.status, answer.body).toBe(200);
          ms.push(answer.ms);
        }
        return ms;
      };
      await run();
      const idle = await run();
      const sessions = Array.from({ length: 64 }, () => newSessionId());
      const bodies = Array.from({ length: 1500 }, (_, k) =>
        gzJson(markedChunk(sessions[k % 64] as string, Math.floor(k / 64))),
      );
      const attack = await startFlood(budgeted, '10.2.0.7', 64, bodies);
      const busy = await run();
      const answers = await attack.stop();
      const t = text(idle, busy);
      console.log(
        `default budgets, 64-deep small flood (answers ${JSON.stringify(answers)}): ${t}`,
      );
      expect(median(busy) / median(idle), t).toBeLessThan(MEDIAN_RATIO);
      expect(quantile(busy, 0.9) / quantile(idle, 0.9), t).toBeLessThan(P90_RATIO);
    } finally {
      await budgeted.stop();
    }
  }, 60_000);
});
