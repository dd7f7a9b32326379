// Bodies that lie, from the outside: a gzip trailer (ISIZE, the last 4 bytes) that names the
// wrong size, several gzip members whose last trailer is small, truncated gzip, bodies inflating
// just under / over the 32 MB limit and across the 256 KB line between decoding inline and on a
// thread, plain JSON of every size. Each must be a 4xx with a message, or stored exactly
// (its mark once, its padding whole); an honest client posting meanwhile stays prompt and the
// server keeps answering `/readyz`. A real CLI server with decode threads.
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from '../../../../scripts/cliServer.mjs';
import { ARGS, type Chunk, gzipBomb, jsonOfSize, THREAD_BYTES } from './ingest.attack.helpers.js';
import {
  markedChunk,
  median,
  newSessionId,
  postFrom,
  storedMarks,
} from './ingest.attack.sched.helpers.js';
import { requireBuiltCli } from './segments.attack.helpers.js';

const MiB = 1024 * 1024;
const LIMIT = 32 * MiB;
let server: CliServer;

beforeAll(async () => {
  requireBuiltCli();
  server = await startCliServer({ args: [...ARGS, '--trust-proxy', '127.0.0.1'] });
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

interface Case {
  name: string;
  body: () => Promise<Buffer | string> | Buffer | string;
  /** 'stored': must be 200 and stored exactly; '4xx': that status with an error; 'either'. */
  expect: 'stored' | 413 | 400 | '4xx' | 'either';
  mark: string;
  pad: number;
}

/** A chunk of a session of its own, `bytes` long as JSON; its mark and padding length. */
function sized(bytes: number) {
  const sessionId = newSessionId();
  const chunk = markedChunk(sessionId, 0) as unknown as Chunk;
  const json = jsonOfSize(chunk, bytes);
  const pad = (JSON.parse(json).events.at(-1).data.payload.x as string).length;
  return { json, mark: `${sessionId}/0`, pad };
}

const lie = (body: Buffer, size: number) => {
  const copy = Buffer.from(body);
  copy.writeUInt32LE(size >>> 0, copy.length - 4);
  return copy;
};

function cases(): Case[] {
  const list: Case[] = [];
  const add = (
    name: string,
    bytes: number,
    expected: Case['expect'],
    make: (json: string) => Buffer | string,
  ) => {
    const { json, mark, pad } = sized(bytes);
    list.push({ name, body: () => make(json), expect: expected, mark, pad });
  };
  const gz = (json: string) => gzipSync(json);
  for (const bytes of [THREAD_BYTES - 1, THREAD_BYTES, THREAD_BYTES + 1, 4 * MiB, LIMIT - 1, LIMIT])
    add(`gzip inflating to ${bytes} B`, bytes, 'stored', gz);
  add(`gzip inflating to ${LIMIT + 1} B`, LIMIT + 1, 413, gz);
  for (const bytes of [1024, THREAD_BYTES - 1, THREAD_BYTES + 1, MiB, 4_900_000, 5 * MiB])
    add(`plain JSON of ${bytes} B`, bytes, 'stored', (json) => json);
  // Bodies over the 5 MiB request limit: their own test below (the answer's delivery).
  // The trailer lies: gzip itself says the body is damaged (length check), so 4xx, or stored whole.
  add('trailer says 100 B, inflates to 300 KB', 300 * 1024, 'either', (j) => lie(gz(j), 100));
  add('trailer says 200 KB, inflates to 300 KB', 300 * 1024, 'either', (j) =>
    lie(gz(j), 200 * 1024),
  );
  add('trailer says 100 B, inflates to 31 MB', 31 * MiB, 'either', (j) => lie(gz(j), 100));
  add('trailer says 100 B, inflates to 40 MB', 40 * MiB, '4xx', (j) => lie(gz(j), 100));
  add('trailer says 4 GB, inflates to 1 KB', 1024, 'either', (j) => lie(gz(j), 0xffffffff));
  add('trailer says 300 KB, inflates to 1 KB', 1024, 'either', (j) => lie(gz(j), 300 * 1024));
  // Two gzip members (valid RFC 1952): the last trailer tells only the last member's size.
  const members = (j: string, cut: number) =>
    Buffer.concat([gzipSync(j.slice(0, j.length - cut)), gzipSync(j.slice(j.length - cut))]);
  add('two members, 300 KB then 10 B', 300 * 1024, 'either', (j) => members(j, 10));
  add('two members, 31 MB then 10 B', 31 * MiB, 'either', (j) => members(j, 10));
  add('two members, 40 MB then 10 B', 40 * MiB, '4xx', (j) => members(j, 10));
  // Truncated: half the stream, or only its trailer missing.
  add('gzip cut in half (300 KB)', 300 * 1024, '4xx', (j) => gz(j).subarray(0, gz(j).length >> 1));
  add('gzip without its trailer (300 KB)', 300 * 1024, '4xx', (j) => gz(j).subarray(0, -8));
  add('gzip without its trailer (1 KB)', 1024, '4xx', (j) => gz(j).subarray(0, -8));
  list.push({
    name: 'a bomb of 1 GB of spaces inside valid JSON, trailer says 100 B',
    body: async () => lie(await gzipBomb('{"a":"', ' ', 1024 * MiB, '"}'), 100),
    expect: 413,
    mark: '',
    pad: 0,
  });
  return list;
}

describe('bodies that lie about their size', () => {
  it('each is a clear 4xx or stored exactly, and an honest client stays prompt meanwhile', async () => {
    const honest = newSessionId();
    let seq = 0;
    const honestOnce = async () =>
      postFrom(server, '10.3.0.1', gzipSync(JSON.stringify(markedChunk(honest, seq++))));
    for (let i = 0; i < 20; i++) await honestOnce(); // warm up
    const idle: number[] = [];
    for (let i = 0; i < 30; i++) idle.push((await honestOnce()).ms);

    const busy: number[] = [];
    const honestStatuses: number[] = [];
    let over = false;
    const honestLoop = (async () => {
      while (!over) {
        const answer = await honestOnce();
        busy.push(answer.ms);
        honestStatuses.push(answer.status);
      }
    })();
    const problems: string[] = [];
    const outcomes: string[] = [];
    for (const c of cases()) {
      const body = await c.body();
      const answer = await postFrom(server, '10.3.0.2', body);
      const error = (() => {
        try {
          return String(JSON.parse(answer.body).error ?? '');
        } catch {
          return '';
        }
      })();
      outcomes.push(`${c.name}: ${answer.status} ${error || answer.body.slice(0, 80)}`);
      const stored = c.mark ? await storedMarks(server, c.mark.split('/')[0] as string) : null;
      const exact = stored?.marks.length === 1 && stored.pads.get(c.mark) === c.pad;
      const refused = answer.status >= 400 && answer.status < 500 && error.length > 10;
      const ok =
        c.expect === 'stored'
          ? answer.status === 200 && exact
          : c.expect === 'either'
            ? (answer.status === 200 && exact) || (refused && stored?.marks.length === 0)
            : c.expect === '4xx'
              ? refused && (stored?.marks.length ?? 0) === 0
              : answer.status === c.expect && refused && (stored?.marks.length ?? 0) === 0;
      if (!ok)
        problems.push(
          `${c.name}: expected ${c.expect}, got ${answer.status} ${answer.body.slice(0, 160)}; stored ${stored?.marks.length ?? '-'} (pad ${stored?.pads.get(c.mark)} of ${c.pad})`,
        );
      const ready = await fetch(`${server.url}/readyz`);
      if (ready.status !== 200) problems.push(`after ${c.name}: /readyz ${ready.status}`);
    }
    over = true;
    await honestLoop;
    console.log(outcomes.join('\n'));
    const ratio = median(busy) / median(idle);
    console.log(
      `honest: idle median ${median(idle).toFixed(1)} ms, meanwhile ${median(busy).toFixed(1)} ms (${ratio.toFixed(1)}x, ${busy.length} chunks)`,
    );
    expect(problems).toEqual([]);
    expect(
      honestStatuses.every((s) => s === 200),
      honestStatuses.join(),
    ).toBe(true);
    expect(ratio).toBeLessThan(10);
    const stored = await storedMarks(server, honest);
    expect(new Set(stored.marks).size).toBe(seq);
    expect(stored.marks).toHaveLength(seq);
  }, 120_000);

  it('a body over the 5 MiB request limit is answered 413 naming the limit, every time (not a dropped connection)', async () => {
    const bodies: [string, Buffer | string][] = [
      ['plain JSON of 5 MiB + 1 B', sized(5 * MiB + 1).json],
      ['plain JSON of 20 MiB', sized(20 * MiB).json],
      [
        'gzip of 5.7 MiB (random base64)',
        gzipSync(`{"a":"${randomBytes(6_000_000).toString('base64')}"}`),
      ],
    ];
    const seen: Record<string, number> = {};
    for (const [name, body] of bodies) {
      for (let i = 0; i < 8; i++) {
        const answer = await postFrom(server, '10.3.0.3', body);
        const key = `${name}: ${answer.status} ${answer.body.slice(0, 90)}`;
        seen[key] = (seen[key] ?? 0) + 1;
      }
    }
    console.log(seen);
    expect(Object.keys(seen).filter((key) => !/: 413 .*limit of 5242880 bytes/.test(key))).toEqual(
      [],
    );
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  }, 60_000);
});
