import { SourceMapGenerator } from 'source-map-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintError, normaliseMessage } from '../internal/fingerprintError.js';
import {
  auth,
  getJson,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  type TestServer,
  tableRows,
} from './helpers.js';

const T = Date.now() - 600_000;
const sid = (n: number) => `0192a0c1-7d2e-7c3b-9a4f-1000000000${String(n).padStart(2, '0')}`;
const custom = (t: number, tag: string, payload: Record<string, unknown>) => ({
  type: 5,
  timestamp: t,
  data: { tag, payload },
});
const vital = (t: number, name: string, value: number, url: string, id = `v6-${name}-${t}`) =>
  custom(t, '$web_vitals', { name, value, rating: 'good', id, url });
const SCRIPT = 'https://shop.example/assets/app-Bx81kq0Z.js';
const stackAt = (col: number) =>
  `Error: x\n    at a (${SCRIPT}:1:${col})\n    at b (${SCRIPT}:1:40)\n    at chrome-extension://abc/x.js:1:1`;
const exception = (t: number, message: string, extra: Record<string, unknown> = {}) =>
  custom(t, '$exception', { type: 'Error', message, stack: stackAt(10), ...extra });

async function send(server: TestServer, n: number, events: unknown[], distinctId?: string) {
  const chunk = makeChunk({
    sessionId: sid(n),
    sentAt: Date.now(),
    ...(distinctId ? { distinctId } : {}),
  });
  chunk.events = [
    ...chunk.events.slice(0, 2).map((e, i) => ({ ...e, timestamp: T + n * 1000 + i })),
    ...events,
  ] as never;
  const { status, json } = await post(server, gz(chunk), { query: 'compression=gzip' });
  expect(status, JSON.stringify(json)).toBe(200);
}

const search = async (server: TestServer, filter: unknown) => {
  const response = await fetch(`${server.url}/api/sessions/search`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...auth() },
    body: JSON.stringify({ filter }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { sessions: { id: string }[] }).sessions
    .map((s) => s.id)
    .sort();
};

describe('fingerprints', () => {
  it('normalises what differs between occurrences', () => {
    expect(
      normaliseMessage(`order 1234 failed for "bob" at https://x.io/a?b=1 (id 3f2a9c1b7d)`),
    ).toBe('order <n> failed for <str> at <url> (id <id>)');
    const a = fingerprintError('Error', 'order 1 failed', stackAt(10));
    expect(fingerprintError('Error', 'order 22 failed', stackAt(10)).id).toBe(a.id);
    expect(fingerprintError('TypeError', 'order 1 failed', stackAt(10)).id).not.toBe(a.id);
    expect(a.culprit).toBe('a (/assets/app-<hash>.js)');
    // A new deploy renames the file's hash: the same group.
    expect(
      fingerprintError('Error', 'order 1 failed', stackAt(10).replaceAll('Bx81kq0Z', 'Zz99aa11'))
        .id,
    ).toBe(a.id);
  });
});

describe('insights: vitals and error groups, on this store', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    const page = 'https://shop.example/cart';
    // Session 1: a slow INP (reported twice as it grew: one page view) and a poor LCP.
    await send(
      server,
      1,
      [
        vital(T + 1010, 'INP', 300, page, 'v6-inp-1'),
        vital(T + 1020, 'INP', 640, page, 'v6-inp-1'),
        vital(T + 1030, 'LCP', 4500, page),
        vital(T + 1040, 'TTFB', 100, `${page}?token=secret`),
        exception(T + 1500, 'order 1234 failed'),
      ],
      'alice',
    );
    // Session 2: fast; the same error twice, another once.
    await send(
      server,
      2,
      [
        vital(T + 2010, 'INP', 80, page),
        vital(T + 2020, 'LCP', 1200, page),
        vital(T + 2030, 'CLS', 0.05, page),
        vital(T + 2040, 'XYZ', 5, page),
        vital(T + 2050, 'INP', -5, page),
        exception(T + 2500, 'order 98 failed'),
        exception(T + 2600, 'order 7 failed'),
        exception(T + 2700, 'cart is empty', { type: 'TypeError' }),
      ],
      'bob',
    );
    // Session 3: the first error again, by alice.
    await send(
      server,
      3,
      [vital(T + 3010, 'INP', 150, page), exception(T + 3500, 'order 5 failed')],
      'alice',
    );
  });
  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('finds sessions by poor vitals and by a metric over a threshold', async () => {
    expect(await search(server, { has: 'poorVitals' })).toEqual([sid(1)]);
    expect(await search(server, { vital: { name: 'INP', gt: 500 } })).toEqual([sid(1)]);
    expect(await search(server, { vital: { name: 'INP', gte: 80, lt: 200 } })).toEqual([
      sid(2),
      sid(3),
    ]);
    expect(await search(server, { not: { vital: { name: 'LCP', gt: 0 } } })).toEqual([sid(3)]);
  });

  it('summarises each URL with the p75 of its page views, secrets redacted', async () => {
    const { json } = await getJson(server, '/api/vitals');
    const urls = json.urls as {
      url: string;
      pageviews: number;
      metrics: Record<string, Record<string, unknown>>;
    }[];
    const cart = urls.find((u) => u.url === 'https://shop.example/cart')!;
    // INP of three page views: 80, 150, 640 (the grown report, once): rank ceil(2.25) = 3.
    expect(cart.metrics.INP).toEqual({
      p75: 640,
      samples: 3,
      good: 2,
      needsImprovement: 0,
      poor: 1,
      rating: 'poor',
    });
    expect(cart.metrics.LCP).toMatchObject({ p75: 4500, samples: 2, good: 1, poor: 1 });
    expect(cart.metrics.XYZ).toBeUndefined();
    expect(cart.pageviews).toBe(3);
    expect(urls.map((u) => u.url)).toContain('https://shop.example/cart?token=[redacted]');
    const session = await getJson(server, `/api/sessions/${sid(1)}/vitals`);
    expect((session.json.samples as { name: string }[]).map((s) => s.name)).toEqual([
      'INP',
      'LCP',
      'TTFB',
    ]);
  });

  it('groups errors by fingerprint, with counts, sessions, people and when', async () => {
    const { json } = await getJson(server, '/api/errors');
    const groups = json.groups as Record<string, unknown>[];
    expect(groups).toHaveLength(2);
    const order = groups.find((g) => g.type === 'Error')!;
    expect(order).toMatchObject({
      title: 'order <n> failed',
      message: 'order 1234 failed',
      count: 4,
      sessions: 3,
      people: 2,
      firstSeen: T + 1500,
      lastSeen: T + 3500,
    });
    expect(groups.find((g) => g.type === 'TypeError')).toMatchObject({
      count: 1,
      sessions: 1,
      people: 1,
    });
    const detail = await getJson(server, `/api/errors/${order.id}`);
    const sessions = detail.json.sessions as {
      sessionId: string;
      timestamp: number;
      offsetMs: number;
      count: number;
    }[];
    expect(sessions.map((s) => [s.sessionId, s.timestamp, s.count])).toEqual([
      [sid(3), T + 3500, 1],
      [sid(2), T + 2500, 2],
      [sid(1), T + 1500, 1],
    ]);
    expect(sessions[2]!.offsetMs).toBe(T + 1500 - (T + 1000));
    expect((await getJson(server, '/api/errors/0123456789abcdef0123456789abcdef')).status).toBe(
      404,
    );
  });

  it('resolves a group’s stack with an uploaded source map', async () => {
    const generator = new SourceMapGenerator({ file: 'app.js' });
    generator.setSourceContent(
      'src/cart.ts',
      'export function checkout(cart) {\n  if (!cart) throw new Error("order");\n}\n',
    );
    generator.addMapping({
      generated: { line: 1, column: 9 },
      original: { line: 2, column: 14 },
      source: 'src/cart.ts',
    });
    const { json } = await getJson(server, '/api/errors');
    const order = (json.groups as { id: string; type: string }[]).find((g) => g.type === 'Error')!;
    const before = await getJson(server, `/api/errors/${order.id}`);
    expect((before.json.group as { frames: { file: string }[] }).frames[0]!.file).toBe(SCRIPT);
    const upload = await fetch(`${server.url}/api/sourcemaps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...auth() },
      body: JSON.stringify({ url: SCRIPT, map: generator.toString() }),
    });
    expect(upload.status).toBe(201);
    const after = await getJson(server, `/api/errors/${order.id}`);
    const frames = (after.json.group as { frames: Record<string, unknown>[] }).frames;
    expect(frames[0]).toMatchObject({
      file: 'src/cart.ts',
      line: 2,
      column: 15,
      function: 'checkout',
      inApp: true,
    });
    expect(frames[0]!.generated).toMatchObject({
      file: SCRIPT,
      line: 1,
      column: 10,
      function: 'a',
    });
    expect(frames[2]).toMatchObject({ inApp: false });
    // Uploaded again, the new map replaces the old, whose file is queued for deletion.
    const before2 = (await tableRows(server, 'source_maps')) as { blob_key: string }[];
    generator.addMapping({
      generated: { line: 1, column: 30 },
      original: { line: 3, column: 0 },
      source: 'src/cart.ts',
    });
    const again = await fetch(`${server.url}/api/sourcemaps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...auth() },
      body: JSON.stringify({ url: SCRIPT, map: generator.toString() }),
    });
    expect(again.status).toBe(201);
    expect(await tableRows(server, 'source_maps')).toHaveLength(1);
    const queued = ((await tableRows(server, 'blob_deletions')) as { blob_key: string }[]).map(
      (r) => r.blob_key,
    );
    expect(queued).toContain(before2[0]!.blob_key);
  });

  it('forgets a deleted session’s vitals and errors, and a group left with none', async () => {
    const del = await fetch(`${server.url}/api/sessions/${sid(2)}`, {
      method: 'DELETE',
      headers: auth(),
    });
    expect(del.status).toBeLessThan(300);
    const { json } = await getJson(server, '/api/errors');
    expect(
      (json.groups as { type: string; sessions: number }[]).map((g) => [g.type, g.sessions]),
    ).toEqual([['Error', 2]]);
    expect(await search(server, { vital: { name: 'INP', lt: 100 } })).toEqual([]);
  });
});
