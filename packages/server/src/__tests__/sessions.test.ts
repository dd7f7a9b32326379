import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  getJson,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  type TestServer,
} from './helpers.js';

describe('the session API', () => {
  let server: TestServer;
  const ids = ['a', 'b', 'c', 'd', 'e'].map((x) => `0192a0c1-7d2e-7c3b-9a4f-00000000000${x}`);

  beforeAll(async () => {
    server = await startTestServer();
    for (const id of ids) await post(server, gz(makeChunk({ sessionId: id })));
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('lists newest first, a page at a time', async () => {
    const first = await getJson(server, '/api/sessions?limit=2');
    const second = await getJson(server, `/api/sessions?limit=2&cursor=${first.json.next}`);
    const third = await getJson(server, `/api/sessions?limit=2&cursor=${second.json.next}`);
    const seen = [first, second, third].flatMap((p) =>
      (p.json.sessions as { id: string }[]).map((s) => s.id),
    );
    expect(seen).toEqual([...ids].reverse());
    expect(third.json.next).toBeNull();
  });

  it('gives each listed session its page views and signals over time, for the activity strip', async () => {
    const id = '0192a0c1-7d2e-7c3b-9a4f-0000000000f1';
    const chunk = makeChunk({ sessionId: id });
    const events: unknown[] = chunk.events;
    const start = chunk.events[0]!.timestamp;
    const signal = (at: number, tag: string) => ({
      type: 5,
      timestamp: start + at,
      data: { tag, payload: { selector: 'button#pay' } },
    });
    events.push(signal(4_000, '$rageclick'), signal(6_000, '$dead_click'));
    events.push({ ...signal(7_000, '$exception'), data: { tag: '$exception', payload: {} } });
    expect((await post(server, gz(chunk))).status).toBe(200);
    const { json } = await getJson(server, '/api/sessions?limit=50');
    const listed = (json.sessions as { id: string; moments: unknown[] }[]).find((s) => s.id === id);
    expect(listed?.moments).toEqual([
      { atMs: 2, kind: 'pageview' },
      { atMs: 4_000, kind: 'rage' },
      { atMs: 6_000, kind: 'dead' },
      { atMs: 7_000, kind: 'error' },
    ]);
    // Others have theirs (a page view each), from the same one query.
    const others = (json.sessions as { id: string; moments: unknown[] }[]).filter(
      (s) => s.id !== id,
    );
    expect(others.every((s) => s.moments.length === 1)).toBe(true);
  });

  it('says what is wrong with a bad limit, cursor or id', async () => {
    expect((await getJson(server, '/api/sessions?limit=0')).json.error).toMatch(/limit must be/);
    expect((await getJson(server, '/api/sessions?cursor=zzz')).status).toBe(400);
    expect((await getJson(server, '/api/sessions/..%2F..%2Fetc')).status).toBe(400);
    const missing = await getJson(server, '/api/sessions/no-such-session');
    expect(missing.status).toBe(404);
  });

  it("streams a session's chunks in playback order as NDJSON", async () => {
    const sessionId = '0192a0c1-7d2e-7c3b-9a4f-0000000000ff';
    const chunk = makeChunk({ sessionId });
    const later = {
      ...chunk,
      seq: 1,
      events: chunk.events.map((e) => ({ ...e, timestamp: e.timestamp + 5_000 })),
    };
    await post(server, gz(later)); // arrives first
    await post(server, JSON.stringify(chunk, null, 2)); // pretty-printed
    const response = await fetch(`${server.url}/api/sessions/${sessionId}/snapshots`, {
      headers: auth(),
    });
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.seq)).toEqual([0, 1]);
    const times = lines.flatMap((l) => l.events.map((e: { timestamp: number }) => e.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
