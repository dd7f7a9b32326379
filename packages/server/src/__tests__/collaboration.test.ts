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

describe('collaboration: tags, comments, playlists, notebooks, cohorts', () => {
  let server: TestServer;
  let viewer: string;
  const ids = [1, 2, 3].map((n) => `0192a0c1-7d2e-7c3b-9a4f-00000000020${n}`);

  const call = async (method: string, path: string, body?: unknown, key?: string) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...auth(key),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };

  beforeAll(async () => {
    server = await startTestServer();
    viewer = String((await call('POST', '/api/keys', { name: 'Vera', role: 'viewer' })).json.key);
    for (const [i, id] of ids.entries())
      await post(server, gz(makeChunk({ sessionId: id, distinctId: i === 0 ? 'pia' : 'quinn' })));
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('tags sessions (editors), and filters by tag', async () => {
    expect(
      (await call('PUT', `/api/sessions/${ids[0]}/tags`, { tags: ['bug'] }, viewer)).status,
    ).toBe(403);
    const tagged = await call('PUT', `/api/sessions/${ids[0]}/tags`, {
      tags: ['checkout', 'bug', 'bug'],
    });
    expect(tagged.json).toEqual({ tags: ['bug', 'checkout'] });
    expect((await call('PUT', `/api/sessions/${ids[1]}/tags`, { tags: ['a,b'] })).status).toBe(400);
    const found = await getJson(
      server,
      `/api/sessions?filter=${encodeURIComponent('{"tag":"bug"}')}`,
    );
    expect((found.json.sessions as { id: string }[]).map((s) => s.id)).toEqual([ids[0]]);
  });

  it('keeps comments at a moment, in order, editable, with their author', async () => {
    const late = await call('POST', `/api/sessions/${ids[0]}/comments`, {
      atMs: 12_000,
      text: 'Pay button does nothing',
    });
    expect(late.status).toBe(201);
    expect(late.json).toMatchObject({ atMs: 12_000, author: 'admin (configured)' });
    await call('POST', `/api/sessions/${ids[0]}/comments`, { atMs: 3_000, text: 'starts here' });
    expect(
      (await call('POST', `/api/sessions/${ids[0]}/comments`, { atMs: -1, text: 'x' })).status,
    ).toBe(400);
    const edited = await call('PATCH', `/api/comments/${late.json.id}`, {
      text: 'Pay button is dead',
    });
    expect(edited.json).toMatchObject({ text: 'Pay button is dead' });
    const list = (await getJson(server, `/api/sessions/${ids[0]}/comments`, viewer)).json
      .comments as { atMs: number }[];
    expect(list.map((c) => c.atMs)).toEqual([3_000, 12_000]);
    expect((await call('DELETE', `/api/comments/${late.json.id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/comments/${late.json.id}`)).status).toBe(404);
  });

  it('saves a playlist of filters and pins, and reopens it with the same results for anyone', async () => {
    const created = await call('POST', '/api/playlists', {
      name: 'Quinn sessions',
      filter: { distinctId: 'quinn' },
      order: 'start',
      pinned: [ids[0]],
    });
    expect(created.status).toBe(201);
    const opened = await getJson(server, `/api/playlists/${created.json.id}`, viewer);
    expect((opened.json.pinned as { id: string }[]).map((s) => s.id)).toEqual([ids[0]]);
    expect((opened.json.sessions as { id: string }[]).map((s) => s.id).sort()).toEqual(
      [ids[1], ids[2]].sort(),
    );
    const renamed = await call('PATCH', `/api/playlists/${created.json.id}`, {
      name: 'Renamed',
      pinned: [],
    });
    expect(renamed.json).toMatchObject({
      name: 'Renamed',
      pinned: [],
      filter: { distinctId: 'quinn' },
    });
    expect(
      (await call('POST', '/api/playlists', { name: 'bad', filter: { has: 'x' } })).status,
    ).toBe(400);
    expect((await getJson(server, '/api/playlists')).json.playlists).toHaveLength(1);
    expect((await call('DELETE', `/api/playlists/${created.json.id}`)).status).toBe(204);
  });

  it('keeps notebooks: markdown that links recordings at moments', async () => {
    const body = `Hypothesis: the pay button is dead.\n\n[Evidence](#/sessions/${ids[0]}?t=12)`;
    const created = await call('POST', '/api/notebooks', { title: 'Checkout drop-off', body });
    expect(created.status).toBe(201);
    const edited = await call('PATCH', `/api/notebooks/${created.json.id}`, {
      title: 'Checkout drop-off (confirmed)',
    });
    expect(edited.json).toMatchObject({ title: 'Checkout drop-off (confirmed)', body });
    expect((await getJson(server, `/api/notebooks/${created.json.id}`, viewer)).json.body).toBe(
      body,
    );
    expect((await call('POST', '/api/notebooks', { title: 'x' }, viewer)).status).toBe(403);
  });

  it('saves cohorts of people and uses them as filters', async () => {
    expect(
      (await call('POST', '/api/cohorts', { name: 'bad', filter: { has: 'rageClicks' } })).status,
    ).toBe(400);
    const cohort = await call('POST', '/api/cohorts', {
      name: 'Pia',
      filter: { distinctId: 'pia' },
    });
    expect(cohort.status).toBe(201);
    const found = await getJson(
      server,
      `/api/sessions?filter=${encodeURIComponent(JSON.stringify({ cohort: cohort.json.id }))}`,
    );
    expect((found.json.sessions as { id: string }[]).map((s) => s.id)).toEqual([ids[0]]);
  });

  it("removes a deleted session's tags and comments with it", async () => {
    await call('POST', `/api/sessions/${ids[2]}/comments`, { atMs: 1, text: 'gone soon' });
    expect((await call('DELETE', `/api/sessions/${ids[2]}`)).status).toBe(204);
    expect((await getJson(server, `/api/sessions/${ids[2]}/comments`)).status).toBe(404);
  });
});
