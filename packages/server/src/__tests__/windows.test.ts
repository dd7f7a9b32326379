import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auth,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  type TestServer,
} from './helpers.js';

// One visitor, two tabs: one session, a window id per tab. Every way out of the server keeps
// each event's window, so that a player replays each tab from its own full snapshot.
const SESSION = '0192a0c1-7d2e-7c3b-9a4f-0000000000c1';
const TAB_1 = '0192a0c1-7d2e-7c3b-9a4f-0000000000e1';
const TAB_2 = '0192a0c1-7d2e-7c3b-9a4f-0000000000e2';

type Event = { type: number; timestamp: number };
type Line = { sessionId: string; windowId: string; seq: number; events: Event[] };
type Windows = { distinctId?: string; windows: { windowId: string; events: Event[] }[] };

describe('a session of two windows', () => {
  let server: TestServer;
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: auth() });
  const lines = async (id: string) =>
    (await (await get(`/api/sessions/${id}/snapshots`)).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line);

  beforeEach(async () => {
    server = await startTestServer();
    const first = makeChunk({ sessionId: SESSION, windowId: TAB_1, distinctId: 'ada' });
    const second = makeChunk({ sessionId: SESSION, windowId: TAB_2 });
    for (const chunk of [first, second]) expect((await post(server, gz(chunk))).status).toBe(200);
  });
  afterEach(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('streams each chunk with its window id', async () => {
    const all = await lines(SESSION);
    expect(all.map((l) => [l.sessionId, l.windowId])).toEqual([
      [SESSION, TAB_1],
      [SESSION, TAB_2],
    ]);
  });

  it('exports one window as plain rrweb JSON, and answers 404 for a window it lacks', async () => {
    const every = (await (await get(`/api/sessions/${SESSION}/export`)).json()) as Event[];
    expect(every).toHaveLength(10);
    const one = await get(`/api/sessions/${SESSION}/export?window=${TAB_2}`);
    expect(one.headers.get('content-disposition')).toContain(`-${TAB_2}.json`);
    const events = (await one.json()) as Event[];
    expect(events).toEqual((await lines(SESSION))[1]!.events);
    const missing = await get(`/api/sessions/${SESSION}/export?window=nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/No window nope/);
  });

  it('exports each window apart, and imports that back with every window kept', async () => {
    const res = await get(`/api/sessions/${SESSION}/export?format=windows`);
    expect(res.status).toBe(200);
    const file = (await res.json()) as Windows;
    expect(file.distinctId).toBe('ada');
    expect(file.windows.map((w) => [w.windowId, w.events.length])).toEqual([
      [TAB_1, 5],
      [TAB_2, 5],
    ]);
    const imported = await fetch(`${server.url}/api/sessions/import`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify(file),
    });
    expect(imported.status).toBe(201);
    const { sessionId } = (await imported.json()) as { sessionId: string };
    const copy = await lines(sessionId);
    expect(copy.map((l) => l.windowId)).toEqual([TAB_1, TAB_2]);
    expect(copy.map((l) => l.events)).toEqual((await lines(SESSION)).map((l) => l.events));
    const session = (await (await get(`/api/sessions/${sessionId}`)).json()) as {
      distinctId: string;
    };
    expect(session.distinctId).toBe('ada');
  });

  it('answers 400 for an import whose window id is not an id', async () => {
    const file = (await (
      await get(`/api/sessions/${SESSION}/export?format=windows`)
    ).json()) as Windows;
    file.windows[0]!.windowId = 'not an id!';
    const res = await fetch(`${server.url}/api/sessions/import`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify(file),
    });
    expect(res.status).toBe(400);
  });
});
