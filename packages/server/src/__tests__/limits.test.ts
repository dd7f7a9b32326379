import { afterEach, describe, expect, it } from 'vitest';
import {
  auth,
  getJson,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  storedChunks,
  type TestServer,
} from './helpers.js';

describe('rate limit, quota, usage, export and import', () => {
  let server: TestServer;

  afterEach(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('answers 429 with Retry-After past the per-project rate, storing nothing', async () => {
    // A burst of 10, then a token every 100 s: no refill during the test, however slow.
    server = await startTestServer(undefined, { rateLimit: { perSecond: 0.01, burst: 10 } });
    const statuses: number[] = [];
    for (let seq = 0; seq < 14; seq++)
      statuses.push((await post(server, gz(makeChunk({ seq })))).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
    expect(await storedChunks(server)).toHaveLength(10);
    const res = await fetch(`${server.url}/s/?token=test_token_0123456789`, {
      method: 'POST',
      body: gz(makeChunk({ seq: 20 })),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('pauses ingestion with a quota answer once the daily quota is used', async () => {
    server = await startTestServer();
    const set = await fetch(`${server.url}/api/settings`, {
      method: 'PUT',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ dailyQuotaMb: 0.0001 }), // ~105 bytes: one chunk uses it up
    });
    expect(((await set.json()) as { dailyQuotaMb: number }).dailyQuotaMb).toBeCloseTo(0.0001, 5);
    expect((await post(server, gz(makeChunk({ seq: 0 })))).status).toBe(200);
    const over = await fetch(`${server.url}/s/?token=test_token_0123456789`, {
      method: 'POST',
      body: gz(makeChunk({ seq: 1 })),
    });
    expect(over.status).toBe(429);
    expect(over.headers.get('x-tapedeck-quota')).toBe('exceeded');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await storedChunks(server)).toHaveLength(1);
  });

  it('reports usage: sessions per day, sizes and the projected storage', async () => {
    server = await startTestServer();
    await post(server, gz(makeChunk({ sessionId: '0192a0c1-7d2e-7c3b-9a4f-000000000301' })));
    await post(server, gz(makeChunk({ sessionId: '0192a0c1-7d2e-7c3b-9a4f-000000000302' })));
    const usage = (await getJson(server, '/api/usage')).json;
    expect(usage.totalSessions).toBe(2);
    expect(
      (usage.sessionsPerDay as { sessions: number }[]).reduce((n, d) => n + d.sessions, 0),
    ).toBe(2);
    expect(usage.averageSessionBytes).toBe(Math.round((usage.storedBytes as number) / 2));
    // Two sessions today, over 7 days, for 30 days of retention.
    expect(usage.projectedStoredBytes).toBe(Math.round(((usage.storedBytes as number) / 7) * 30));
  });

  it('exports plain rrweb JSON and imports it back as a new session', async () => {
    server = await startTestServer();
    const chunk = makeChunk();
    await post(server, gz(chunk));
    await post(
      server,
      gz({
        ...chunk,
        seq: 1,
        events: chunk.events.map((e) => ({ ...e, timestamp: e.timestamp + 5000 })),
      }),
    );
    const exported = await fetch(`${server.url}/api/sessions/${chunk.sessionId}/export`, {
      headers: auth(),
    });
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    const events = (await exported.json()) as { timestamp: number }[];
    expect(events).toHaveLength(10);
    expect(events.map((e) => e.timestamp)).toEqual(
      [...events.map((e) => e.timestamp)].sort((a, b) => a - b),
    );

    const imported = await fetch(`${server.url}/api/sessions/import`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ events, distinctId: 'imported-person' }),
    });
    expect(imported.status).toBe(201);
    const { sessionId } = (await imported.json()) as { sessionId: string };
    const session = (await getJson(server, `/api/sessions/${sessionId}`)).json;
    expect(session).toMatchObject({ eventCount: 10, distinctId: 'imported-person', clickCount: 2 });
    const bad = await fetch(`${server.url}/api/sessions/import`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify([
        { type: 4, timestamp: 1 },
        { type: 3, timestamp: 2 },
      ]),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/no full snapshot/);
  });
});
