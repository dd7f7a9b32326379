// Hostile bodies for `POST /s/`, each sent to a server decoding on the event loop
// (TAPEDECK_DECODE_THREADS=0) and to one decoding on worker threads, below and above the
// ~256 KB (inflated) line between the two: the answers must be the same, a refusal a 4xx that
// says what is wrong, and a refused body must store nothing. Real CLI servers (`dist/cli.js`).
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir } from './helpers.js';
import {
  type Answer,
  type Chunk,
  freshChunk,
  jsonOfSize,
  osThreads,
  type Pair,
  postRaw,
  startPair,
  THREAD_BYTES,
  withoutClock,
} from './ingest.attack.helpers.js';
import { requireBuiltCli } from './segments.attack.helpers.js';

const LARGE = THREAD_BYTES + 40_000;
const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const gz = (text: string | Buffer) => gzipSync(text);
/** The body with the first `from` replaced: for keys and values JSON.stringify cannot write. */
const edit = (text: string, from: string, to: string) => {
  if (!text.includes(from)) throw new Error(`${from} is not in the chunk`);
  return text.replace(from, to);
};

type Case = [name: string, body: (json: string, chunk: Chunk) => Buffer | string];
const CASES: Case[] = [
  ['gzip', (j) => gz(j)],
  ['plain JSON', (j) => j],
  [
    'two gzip members, the JSON split between them',
    (j) => Buffer.concat([gz(j.slice(0, 40)), gz(j.slice(40))]),
  ],
  ['gzip, then text', (j) => Buffer.concat([gz(j), Buffer.from('garbage!!')])],
  ['gzip, then zeros', (j) => Buffer.concat([gz(j), Buffer.alloc(100)])],
  ['gzip, then a gzip member of junk', (j) => Buffer.concat([gz(j), gz('junk')])],
  ['gzip cut in the middle', (j) => gz(j).subarray(0, 60)],
  [
    'gzip without its trailer',
    (j) => {
      const g = gz(j);
      return g.subarray(0, g.length - 8);
    },
  ],
  [
    'gzip with a wrong CRC',
    (j) => {
      const g = Buffer.from(gz(j));
      g[g.length - 6]! ^= 0xff;
      return g;
    },
  ],
  [
    'gzip with a wrong length',
    (j) => {
      const g = Buffer.from(gz(j));
      g[g.length - 2]! ^= 0xff;
      return g;
    },
  ],
  ['gzip of gzip', (j) => gz(gz(j))],
  ['raw deflate', (j) => deflateRawSync(j)],
  ['zlib deflate', (j) => deflateSync(j)],
  ['gzip magic bytes only', () => Buffer.from([0x1f, 0x8b])],
  ['gzip of nothing', () => gz('')],
  ['empty', () => ''],
  ['JSON null', () => 'null'],
  ['JSON array', () => '[]'],
  [
    'UTF-8 byte-order mark',
    (j) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(j)]),
  ],
  [
    'UTF-8 byte-order mark, gzip',
    (j) => gz(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(j)])),
  ],
  [
    'UTF-16 with its byte-order mark',
    (j) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(j, 'utf16le')]),
  ],
  [
    'invalid UTF-8 in a string',
    (j) => {
      const b = Buffer.from(edit(j, 'shop.', 'sh\u00e9p.'));
      b[b.indexOf(0xc3)] = 0xff;
      return gz(b);
    },
  ],
  [
    'an overlong UTF-8 quote',
    (j) => {
      const b = Buffer.from(edit(j, 'shop.', 'sh\u00e9p.'));
      b[b.indexOf(0xc3)] = 0xc0;
      b[b.indexOf(0xa9)] = 0xa2;
      return gz(b);
    },
  ],
  ['a lone surrogate escape', (j) => gz(edit(j, 'shop.example/"', 'shop.example/\\ud800"'))],
  ['a NUL escape in the session id', (j, c) => gz(edit(j, c.sessionId, `${c.sessionId}\\u0000`))],
  ['arrays 1,000 deep', (j) => gz(edit(j, '"x":5', `"x":5,"deep":${deep(1_000)}`))],
  ['arrays 100,000 deep', (j) => gz(edit(j, '"x":5', `"x":5,"deep":${deep(100_000)}`))],
  [
    'objects 100,000 deep',
    (j) => gz(edit(j, '"x":5', `"x":5,"deep":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`)),
  ],
  [
    'the events array 50,000 deep',
    (j) => gz(edit(j, '"events":[', `"events":[${'['.repeat(50_000)}1${']'.repeat(50_000)},`)),
  ],
  ['1e400 as a coordinate', (j) => gz(edit(j, '"x":5', '"x":1e400'))],
  ['1e400 as sentAt', (j) => gz(j.replace(/"sentAt":\d+/, '"sentAt":1e400'))],
  ['-0 as seq', (j) => gz(edit(j, '"seq":0', '"seq":-0'))],
  ['2^53 + 3 as seq', (j) => gz(edit(j, '"seq":0', '"seq":9007199254740995'))],
  ['seq 1e20', (j) => gz(edit(j, '"seq":0', '"seq":1e20'))],
  [
    'a timestamp with 400 digits',
    (j) => gz(j.replace(/"timestamp":\d+/, `"timestamp":${'9'.repeat(400)}`)),
  ],
  ['__proto__ at the top', (j) => gz(edit(j, '{', '{"__proto__":{"sessionId":"x","admin":true},'))],
  [
    '__proto__ holding the events',
    (j) => gz(edit(j, '"events":', '"__proto__":{"events":[]},"events":')),
  ],
  [
    '__proto__ in an event',
    (j) => gz(edit(j, '"data":{"source":2', '"data":{"__proto__":{"source":0},"source":2')),
  ],
  ['constructor.prototype', (j) => gz(edit(j, '{', '{"constructor":{"prototype":{"x":1}},'))],
  [
    'the session id twice, a bad one first',
    (j) => gz(edit(j, '{', '{"sessionId":"../../etc/passwd",')),
  ],
  [
    'the session id twice, a bad one last',
    (j) => gz(edit(j, '"windowId"', '"sessionId":"../../etc","windowId"')),
  ],
  ['the events twice, a string first', (j) => gz(edit(j, '{', '{"events":"x",'))],
  ['the events twice, a string last', (j) => gz(`${j.slice(0, -1)},"events":"x"}`)],
  ['seq as a string', (j) => gz(edit(j, '"seq":0', '"seq":"0"'))],
  ['an event of type 7', (j) => gz(edit(j, '{"type":3,', '{"type":7,'))],
];

describe('ingestion attacks: the event loop and the decode threads answer alike', () => {
  let pair: Pair;
  beforeAll(async () => {
    requireBuiltCli();
    pair = await startPair();
  });
  afterAll(async () => {
    for (const server of [pair?.loop, pair?.threads]) {
      await server?.stop({ keepData: true });
      if (server) removeDir(server.dataDir);
    }
  });

  /** Sends one body to both servers at once; the answers (their clocks aside) must match. */
  async function both(body: Buffer | string): Promise<Answer> {
    const [loop, threads] = await Promise.all([
      postRaw(pair.loop, body),
      postRaw(pair.threads, body),
    ]);
    expect(withoutClock(threads.body), 'threads vs event loop').toBe(withoutClock(loop.body));
    expect(threads.status, `threads vs event loop: ${loop.body}`).toBe(loop.status);
    return loop;
  }

  async function stored(sessionId: string): Promise<[number, number]> {
    const read = async (server: Pair['loop']) =>
      (await server.api(`/api/sessions/${sessionId}`)).status;
    return [await read(pair.loop), await read(pair.threads)];
  }

  it('really has decode threads on one server and none on the other', () => {
    expect(osThreads(pair.threads.pid)).toBeGreaterThanOrEqual(osThreads(pair.loop.pid) + 2);
  });

  for (const size of ['small', 'large'] as const)
    it(`answers every hostile ${size} body the same way, never 5xx, and a refusal stores nothing`, {
      timeout: 240_000,
    }, async () => {
      const outcomes: string[] = [];
      for (const [name, make] of CASES) {
        const chunk = freshChunk();
        const json = size === 'large' ? jsonOfSize(chunk, LARGE) : JSON.stringify(chunk);
        const answer = await both(make(json, chunk));
        outcomes.push(`${name}: ${answer.status}`);
        expect(answer.status, `${name}: ${answer.body}`).toBeGreaterThanOrEqual(200);
        expect(answer.status, `${name}: ${answer.body}`).toBeLessThan(500);
        if (answer.status === 200) continue;
        expect(JSON.parse(answer.body).error, name).toMatch(/\w{3,}/);
        expect(await stored(chunk.sessionId), `${name} was refused, yet stored`).toEqual([
          404, 404,
        ]);
      }
      // What a well-formed chunk in odd clothes gets, so a change of policy shows up here.
      expect(outcomes).toContain('gzip: 200');
      expect(outcomes).toContain('two gzip members, the JSON split between them: 200');
      expect(outcomes).toContain('gzip cut in the middle: 400');
      expect(outcomes).toContain('gzip with a wrong CRC: 400');
      expect(outcomes).toContain('gzip, then text: 400');
    });

  it('answers alike on both sides of the thread line, valid chunks and refused ones', {
    timeout: 120_000,
  }, async () => {
    const spoil: Record<string, (chunk: Chunk) => void> = {
      valid: () => {},
      'bad event type': (c) => {
        (c.events[2] as { type: unknown }).type = 'x';
      },
      'negative seq': (c) => {
        c.seq = -1;
      },
      'event days after sentAt': (c) => {
        c.events[2]!.timestamp = c.sentAt + 3 * 86_400_000;
      },
      'bad session id': (c) => {
        c.sessionId = 'a b';
      },
    };
    for (const [name, harm] of Object.entries(spoil))
      for (const bytes of [THREAD_BYTES - 1, THREAD_BYTES, THREAD_BYTES + 1, THREAD_BYTES + 4096])
        for (const zip of [true, false]) {
          const chunk = freshChunk();
          harm(chunk);
          const json = jsonOfSize(chunk, bytes);
          const answer = await both(zip ? gz(json) : json);
          expect(answer.status, `${name}, ${bytes} bytes`).toBe(name === 'valid' ? 200 : 400);
        }
  });

  it('answers alike to seeded random damage of small and large chunks', {
    timeout: 240_000,
  }, async () => {
    let seed = 20_261_202;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const odd = [null, -1, 0, 1.5, 1e21, '', 'x', '💥', [], {}, true, 'a'.repeat(300), 2 ** 53];
    const statuses = new Set<number>();
    for (let i = 0; i < 150; i++) {
      const chunk = freshChunk();
      chunk.events.push({
        type: 5,
        timestamp: chunk.sentAt - 100,
        data: { tag: '$pageview', payload: { href: 'https://shop.example/a' } },
      });
      const spots: [Record<string, unknown>, string][] = [];
      const walk = (value: unknown) => {
        if (!value || typeof value !== 'object') return;
        for (const key of Object.keys(value)) {
          spots.push([value as Record<string, unknown>, key]);
          walk((value as Record<string, unknown>)[key]);
        }
      };
      walk(chunk);
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
        const [holder, key] = pick(spots);
        if (random() < 0.2) delete holder[key];
        else holder[key] = pick(odd);
      }
      const json = i % 2 ? jsonOfSize(chunk, LARGE) : JSON.stringify(chunk);
      const answer = await both(random() < 0.5 ? gz(json) : json);
      expect(answer.status, answer.body).toBeLessThan(500);
      statuses.add(answer.status);
    }
    expect([...statuses].sort()).toEqual([200, 400]);
  });
});
