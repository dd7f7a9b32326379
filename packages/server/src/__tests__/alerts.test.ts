import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auth,
  execSql,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  type TestServer,
} from './helpers.js';

const SECRET = 'a-secret-of-sixteen-or-more';
const id = (n: number) => `0192a0c1-7d2e-7c3b-9a4f-${String(n).padStart(12, '0')}`;

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A webhook receiver on this machine; answers each POST with the next status given. */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (c) => {
      body += c;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, statuses, close: () => new Promise((r) => server.close(r)) };
}

let server: TestServer;
let hook: Awaited<ReturnType<typeof receiver>>;
let clock = Date.now();

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...auth(), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
};

/**
 * A session that did `checkout` (matching) or not, its last chunk put at the test's clock
 * (the server's ingestion time is the real one; the alert loop's clock is the test's).
 */
const record = async (n: number, checkout: boolean) => {
  clock += 1000;
  const chunk = makeChunk({ sessionId: id(n) });
  const events: unknown[] = [...chunk.events];
  const at = chunk.events.at(-1)!.timestamp + 1;
  if (checkout) events.push({ type: 5, timestamp: at, data: { tag: 'checkout', payload: {} } });
  chunk.events = events as typeof chunk.events;
  expect((await post(server, JSON.stringify(chunk))).status).toBe(200);
  await execSql(server, `UPDATE sessions SET updated_at = ${clock} WHERE id = '${id(n)}'`);
};

const deliveries = async (playlist: number) =>
  (await call('GET', `/api/playlists/${playlist}/alerts/deliveries`)).json.deliveries as {
    status: string;
    attempts: number;
    sessionCount: number;
    httpStatus: number | null;
    error: string | null;
  }[];

const sessionsIn = (r: Received) =>
  (JSON.parse(r.body).sessions as { id: string }[]).map((s) => s.id).sort();

beforeEach(async () => {
  clock = Date.now();
  hook = await receiver();
  server = await startTestServer(undefined, {
    alerts: {
      now: () => clock,
      intervalMs: 0,
      settleMs: 10_000,
      minGapMs: 60_000,
      backoffMs: 30_000,
      maxAttempts: 3,
      allowHosts: ['127.0.0.1'],
    },
  });
});

afterEach(async () => {
  await server.close();
  removeDir(server.dataDir);
  await hook.close();
});

async function alertedPlaylist(): Promise<number> {
  const playlist = await call('POST', '/api/playlists', {
    name: 'Checkouts',
    filter: { event: 'checkout' },
  });
  expect(playlist.status).toBe(201);
  const set = await call('PUT', `/api/playlists/${playlist.json.id}/alert`, {
    url: hook.url,
    format: 'json',
    secret: SECRET,
  });
  expect(set.status).toBe(200);
  expect(set.json).not.toHaveProperty('secret');
  return playlist.json.id as number;
}

describe('playlist alerts', () => {
  it('sends one signed batch of the new matching sessions once they have ended', async () => {
    const playlist = await alertedPlaylist();
    await record(1, true);
    await record(2, false);
    // Still recording (its last chunk less than settleMs ago): not yet.
    await server.alerts.tick();
    expect(hook.received).toHaveLength(0);

    clock += 2 * 60_000;
    await server.alerts.tick();
    expect(hook.received).toHaveLength(1);
    const [sent] = hook.received;
    const expected = `sha256=${createHmac('sha256', SECRET).update(sent!.body).digest('hex')}`;
    expect(sent!.headers['x-tapedeck-signature']).toBe(expected);
    expect(sent!.headers['x-tapedeck-timestamp']).toBe(String(Math.floor(clock / 1000)));
    expect(sessionsIn(sent!)).toEqual([id(1)]);
    expect(JSON.parse(sent!.body)).toMatchObject({ sentAt: clock, playlist: { id: playlist } });

    // Nothing new: nothing sent. A new session that does not match: nothing sent.
    clock += 2 * 60_000;
    await server.alerts.tick();
    await record(3, false);
    clock += 2 * 60_000;
    await server.alerts.tick();
    expect(hook.received).toHaveLength(1);
    expect(await deliveries(playlist)).toMatchObject([
      { status: 'delivered', attempts: 1, sessionCount: 1, httpStatus: 200, error: null },
    ]);
  });

  it('retries a failing receiver after a backoff, and logs both attempts', async () => {
    const playlist = await alertedPlaylist();
    hook.statuses.push(500);
    await record(1, true);
    clock += 2 * 60_000;
    await server.alerts.tick();
    expect(hook.received).toHaveLength(1);
    expect(await deliveries(playlist)).toMatchObject([
      { status: 'pending', attempts: 1, httpStatus: 500, error: 'the receiver answered 500' },
    ]);
    clock += 10_000; // before the backoff: no retry yet
    await server.alerts.tick();
    expect(hook.received).toHaveLength(1);
    clock += 25_000;
    await server.alerts.tick();
    expect(hook.received).toHaveLength(2);
    expect(hook.received[1]!.body).toBe(hook.received[0]!.body);
    expect(await deliveries(playlist)).toMatchObject([
      { status: 'delivered', attempts: 2, httpStatus: 200, error: null },
    ]);
  });

  it('sends at most one batch a minute: sessions meanwhile wait and go together', async () => {
    const playlist = await alertedPlaylist();
    await record(1, true);
    clock += 2 * 60_000;
    await server.alerts.tick();
    await record(2, true);
    clock += 30_000; // session 2 has ended, but a batch went out 30 s ago
    await server.alerts.tick();
    await record(3, true);
    expect(hook.received).toHaveLength(1);
    clock += 31_000;
    await server.alerts.tick();
    expect(hook.received).toHaveLength(2);
    expect(sessionsIn(hook.received[1]!)).toEqual([id(2), id(3)]);
    expect((await deliveries(playlist)).map((d) => d.sessionCount)).toEqual([2, 1]);
  });

  it('gives up after the last attempt and logs it failed', async () => {
    const playlist = await alertedPlaylist();
    hook.statuses.push(500, 502, 503);
    await record(1, true);
    for (const step of [2 * 60_000, 31_000, 61_000, 121_000]) {
      clock += step;
      await server.alerts.tick();
    }
    expect(hook.received).toHaveLength(3);
    expect(await deliveries(playlist)).toMatchObject([
      { status: 'failed', attempts: 3, httpStatus: 503 },
    ]);
  });

  it('refuses URLs that are not http(s), hold credentials, or name a private host', async () => {
    const playlist = await call('POST', '/api/playlists', {
      name: 'P',
      filter: { has: 'rageClicks' },
    });
    const put = (url: string) =>
      call('PUT', `/api/playlists/${playlist.json.id}/alert`, {
        url,
        format: 'slack',
        secret: SECRET,
      });
    for (const url of [
      'ftp://hooks.example/x',
      'https://user:pw@hooks.example/x',
      'http://10.0.0.8/hook',
      'http://localhost:8080/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest',
    ])
      expect((await put(url)).status, url).toBe(400);
    expect((await put('https://hooks.slack.com/services/T/B/x')).status).toBe(200);
    const empty = await call('POST', '/api/playlists', { name: 'Pinned only', pinned: [id(9)] });
    const noFilter = await call('PUT', `/api/playlists/${empty.json.id}/alert`, {
      url: 'https://hooks.example/x',
      format: 'json',
      secret: SECRET,
    });
    expect(noFilter.status).toBe(400);
  });

  it('drops the alert and its log with the playlist', async () => {
    const playlist = await alertedPlaylist();
    expect((await call('DELETE', `/api/playlists/${playlist}`)).status).toBe(204);
    await record(1, true);
    clock += 2 * 60_000;
    await server.alerts.tick();
    expect(hook.received).toHaveLength(0);
    expect((await call('GET', `/api/playlists/${playlist}/alert`)).status).toBe(404);
  });
});
