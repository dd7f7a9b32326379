import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auth,
  getJson,
  removeDir,
  startTestServer,
  storedChunks,
  type TestServer,
} from './helpers.js';

// PostHog's replay export files, as its "Export to file" writes them (v1 and v2), and events
// as posthog-js sends them compressed (cv '2024-10': gzip bytes as a latin1 string).
const WINDOW_A = '0192a0c1-7d2e-7c3b-9a4f-0000000000aa';
const WINDOW_B = '0192a0c1-7d2e-7c3b-9a4f-0000000000bb';
const start = Date.now() - 3_600_000;
const person = { distinct_ids: ['ada@example.com', 'anon-1'], properties: { plan: 'pro' } };

type Event = { type: number; timestamp: number; data: unknown; cv?: string };

const fullSnapshot = (at: number, text: string) => ({
  type: 2,
  timestamp: at,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        {
          type: 2,
          id: 2,
          tagName: 'p',
          attributes: {},
          childNodes: [{ type: 3, id: 3, textContent: text }],
        },
      ],
    },
    initialOffset: { top: 0, left: 0 },
  },
});
const meta = (at: number) => ({
  type: 4,
  timestamp: at,
  data: { href: 'https://shop.example/', width: 800, height: 600 },
});
const mutation = (at: number) => ({
  type: 3,
  timestamp: at,
  data: {
    source: 0,
    texts: [{ id: 3, value: 'changed' }],
    attributes: [],
    removes: [],
    adds: [{ parentId: 1, nextId: null, node: { type: 3, id: 4, textContent: 'added' } }],
  },
});
const click = (at: number) => ({
  type: 3,
  timestamp: at,
  data: { source: 2, type: 2, id: 2, x: 5, y: 5 },
});

/** What posthog-js's compressEvent does to a full snapshot or a mutation. */
function compressed(event: Event): Event {
  const gz = (value: unknown) => gzipSync(JSON.stringify(value)).toString('latin1');
  if (event.type === 2) return { ...event, data: gz(event.data), cv: '2024-10' };
  const data = event.data as Record<string, unknown>;
  const fields = ['adds', 'removes', 'texts', 'attributes'].map((k) => [k, gz(data[k])]);
  return { ...event, data: { ...data, ...Object.fromEntries(fields) }, cv: '2024-10' };
}

describe('POST /api/sessions/import with a PostHog export file', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  const importFile = (file: unknown) =>
    fetch(`${server.url}/api/sessions/import`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify(file),
    });
  const exported = async (sessionId: string) =>
    (await (
      await fetch(`${server.url}/api/sessions/${sessionId}/export`, { headers: auth() })
    ).json()) as Event[];

  it('imports v1 (events by window): each window kept with its id, the person’s first id', async () => {
    const res = await importFile({
      version: '2022-12-02',
      data: {
        person,
        snapshotsByWindowId: {
          [WINDOW_A]: [meta(start), fullSnapshot(start + 1, 'first tab'), click(start + 50)],
          [WINDOW_B]: [meta(start + 100), fullSnapshot(start + 101, 'second tab')],
        },
      },
    });
    expect(res.status).toBe(201);
    const { sessionId, events, chunks } = (await res.json()) as {
      sessionId: string;
      events: number;
      chunks: number;
    };
    expect({ events, chunks }).toEqual({ events: 5, chunks: 2 });
    const keys = await storedChunks(server);
    expect(keys.filter((k) => k.includes(sessionId)).map((k) => k.split('/')[2])).toEqual(
      expect.arrayContaining([WINDOW_A, WINDOW_B]),
    );
    const session = (await getJson(server, `/api/sessions/${sessionId}`)).json;
    expect(session).toMatchObject({
      distinctId: 'ada@example.com',
      eventCount: 5,
      clickCount: 1,
      sdk: { name: 'posthog-import', version: '2022-12-02' },
    });
  });

  it('imports v2 (events with their window), decompressing what posthog-js compressed', async () => {
    const snapshots = [
      { ...meta(start), windowId: WINDOW_A },
      { ...compressed(fullSnapshot(start + 1, 'hello')), windowId: WINDOW_A },
      { ...compressed(mutation(start + 20)), windowId: WINDOW_A },
      { ...meta(start + 30), windowId: WINDOW_B },
      { ...fullSnapshot(start + 31, 'other'), windowId: WINDOW_B },
    ].reverse(); // out of order, as a merged file may be
    const res = await importFile({
      version: '2023-04-28',
      data: { id: 'ph-session-1', person, snapshots },
    });
    expect(res.status).toBe(201);
    const { sessionId } = (await res.json()) as { sessionId: string };
    const events = await exported(sessionId);
    expect(events).toHaveLength(5);
    expect(events.some((e) => 'windowId' in e || 'cv' in e)).toBe(false);
    expect(events[1]).toEqual(fullSnapshot(start + 1, 'hello'));
    expect(events[2]).toEqual(mutation(start + 20));
    const keys = (await storedChunks(server)).filter((k) => k.includes(sessionId));
    expect(keys.map((k) => k.split('/')[2]).sort()).toEqual([WINDOW_A, WINDOW_B].sort());
  });

  it('answers 400 naming the versions it reads for an unknown version', async () => {
    const res = await importFile({ version: '2030-01-01', data: { snapshots: [] } });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(/Unknown PostHog export version '2030-01-01'/);
    expect(error).toMatch(/'2022-12-02' and '2023-04-28'/);
  });

  it('answers 400 for compressed data that does not gunzip, or an unknown compression', async () => {
    const bad = { ...fullSnapshot(start + 1, 'x'), data: 'not gzip', cv: '2024-10' };
    const res = await importFile({
      version: '2023-04-28',
      data: {
        id: 'x',
        person: null,
        snapshots: [
          { ...meta(start), windowId: WINDOW_A },
          { ...bad, windowId: WINDOW_A },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(
      /event 1 is marked compressed .* not gzip/,
    );
    const future = { ...compressed(fullSnapshot(start + 1, 'x')), cv: '2031-01' };
    const res2 = await importFile({
      version: '2022-12-02',
      data: { person: null, snapshotsByWindowId: { [WINDOW_A]: [meta(start), future] } },
    });
    expect(res2.status).toBe(400);
    expect(((await res2.json()) as { error: string }).error).toMatch(/cv '2031-01'/);
  });
});
