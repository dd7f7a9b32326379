import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  gz,
  makeChunk,
  removeDir,
  startTestServer,
  storedChunks,
  type TestServer,
  TOKEN,
} from './helpers.js';

/** A small seeded PRNG (mulberry32), so the corpus is the same on every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const SEED = Number(process.env.TAPEDECK_FUZZ_SEED ?? 20261127);
const CASES = Number(process.env.TAPEDECK_FUZZ_CASES ?? 300);
const ODD = [
  '../../etc/passwd',
  "x' OR 1=1 --",
  '"; DROP TABLE sessions; --',
  '\u0000',
  '\u202e',
  '🦆'.repeat(50),
  '%00',
  ['$', '{x}'].join(''), // a template placeholder
];

function bodies(random: () => number): (string | Buffer)[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const valid = JSON.stringify(makeChunk());
  const out: (string | Buffer)[] = [];
  for (let i = 0; i < CASES; i++) {
    switch (i % 8) {
      case 0: // random bytes
        out.push(
          Buffer.from(
            Array.from({ length: 1 + Math.floor(random() * 2000) }, () =>
              Math.floor(random() * 256),
            ),
          ),
        );
        break;
      case 1: // truncated gzip of a valid chunk
        out.push(gzipSync(valid).subarray(0, Math.floor(random() * 60)));
        break;
      case 2: // gzip inside gzip
        out.push(gzipSync(gzipSync(valid)));
        break;
      case 3: // deep JSON
        out.push('['.repeat(1000 + Math.floor(random() * 50_000)));
        break;
      case 4: // a field of the wrong type (each of these is wrong for every field)
        out.push(
          JSON.stringify({
            ...makeChunk(),
            [pick(['sessionId', 'windowId', 'seq', 'sentAt', 'sdk', 'events'])]: pick([
              null,
              [],
              {},
              true,
              -1.5,
            ]),
          }),
        );
        break;
      case 5: // odd ids
        out.push(JSON.stringify(makeChunk({ sessionId: pick(ODD), windowId: pick(ODD) })));
        break;
      case 6: // huge strings and odd events
        out.push(
          JSON.stringify(
            makeChunk({ events: [{ type: 3, timestamp: 'x'.repeat(100_000), data: pick(ODD) }] }),
          ),
        );
        break;
      default: // mutated valid JSON
        out.push(valid.slice(0, Math.floor(random() * valid.length)) + pick(ODD));
    }
  }
  return out;
}

describe('fuzzing the HTTP API (fixed seed; TAPEDECK_FUZZ_CASES for a longer run)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('answers bad ingestion with a 4xx, never a 5xx, and stores nothing', {
    timeout: 120_000,
  }, async () => {
    const statuses = new Map<number, number>();
    for (const body of bodies(prng(SEED))) {
      const res = await fetch(`${server.url}/s/?token=${TOKEN}`, { method: 'POST', body });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `status ${res.status}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(typeof ((await res.json()) as { error: string }).error).toBe('string');
    }
    expect(await storedChunks(server)).toEqual([]);
    const list = await fetch(`${server.url}/api/sessions`, { headers: auth() });
    expect(((await list.json()) as { sessions: unknown[] }).sessions).toEqual([]);
  });

  it('answers odd query API input with a 4xx, never a 5xx', { timeout: 60_000 }, async () => {
    await fetch(`${server.url}/s/?token=${TOKEN}`, { method: 'POST', body: gz(makeChunk()) });
    const random = prng(SEED + 1);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const paths = [
      (x: string) => `/api/sessions/${encodeURIComponent(x)}`,
      (x: string) => `/api/sessions/${encodeURIComponent(x)}/snapshots`,
      (x: string) => `/api/persons/${encodeURIComponent(x)}`,
      (x: string) => `/api/sessions?filter=${encodeURIComponent(x)}`,
      (x: string) =>
        `/api/sessions?filter=${encodeURIComponent(JSON.stringify({ person: { key: x, equals: x } }))}`,
      (x: string) =>
        `/api/sessions?filter=${encodeURIComponent(JSON.stringify({ url: { regex: x } }))}`,
      (x: string) => `/api/sessions?cursor=${encodeURIComponent(x)}&limit=${encodeURIComponent(x)}`,
      (x: string) => `/api/playlists/${encodeURIComponent(x)}`,
    ];
    for (let i = 0; i < 120; i++) {
      const res = await fetch(`${server.url}${pick(paths)(pick(ODD))}`, { headers: auth() });
      expect(res.status, `${res.url} → ${res.status}`).toBeLessThan(500);
    }
    const huge = await fetch(`${server.url}/api/sessions`, {
      headers: { ...auth(), 'X-Padding': 'x'.repeat(20_000) },
    });
    expect(huge.status).toBeLessThan(500);
  });

  it('answers odd input to every documented route with a 4xx, and changes nothing', {
    timeout: 120_000,
  }, async () => {
    const before = await snapshotOfState();
    const random = prng(SEED + 2);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const oddBodies = [
      '',
      'not json',
      '['.repeat(20_000),
      JSON.stringify({ name: pick(ODD), filter: pick(ODD), text: 7, atMs: 'x', role: 'root' }),
      JSON.stringify({ retentionDays: -1, dailyQuotaMb: 'lots', recording: { sampleRate: 9 } }),
      JSON.stringify([{ type: 'x', timestamp: pick(ODD) }]),
      JSON.stringify({ name: 'x'.repeat(200_000), markdown: pick(ODD), tag: pick(ODD) }),
    ];
    let calls = 0;
    // Every route the OpenAPI document (generated from the route schemas) lists.
    const docs = (await (await fetch(`${server.url}/api/docs`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [template, methods] of Object.entries(docs.paths)) {
      for (const method of Object.keys(methods)) {
        for (let i = 0; i < 6; i++) {
          // Ids that name nothing (odd, or a number no row has), so nothing can change.
          const path = template.replace(/\{[^}]+\}/g, () =>
            encodeURIComponent(pick([...ODD, '999999'])),
          );
          const res = await fetch(`${server.url}${path}`, {
            method: method.toUpperCase(),
            headers: { ...auth(), 'Content-Type': 'application/json' },
            ...(method === 'get' || method === 'delete' ? {} : { body: pick(oddBodies) }),
          });
          calls += 1;
          expect(res.status, `${method} ${path} → ${res.status}`).toBeLessThan(500);
          if (res.status >= 400)
            expect(typeof ((await res.json()) as { error: string }).error).toBe('string');
          else await res.arrayBuffer();
        }
      }
    }
    expect(calls).toBeGreaterThan(150);
    expect(await snapshotOfState()).toEqual(before);

    /** What a person could see change: sessions, playlists, notebooks, cohorts, keys, settings. */
    async function snapshotOfState() {
      const get = async (path: string) =>
        (await fetch(`${server.url}${path}`, { headers: auth() })).json();
      return Promise.all(
        [
          '/api/sessions',
          '/api/playlists',
          '/api/notebooks',
          '/api/cohorts',
          '/api/keys',
          '/api/settings',
        ].map(get),
      );
    }
  });
});
