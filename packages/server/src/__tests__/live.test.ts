import { get, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  auth,
  execSql,
  getJson,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  type TestServer,
} from './helpers.js';

// Watching a session as it is recorded: `GET /api/sessions/:id/snapshots?follow=true` sends
// what is stored, then each chunk as it is stored, until the client leaves or nothing new
// comes for a while. Watchers are few by design: a bound per key and per server.
const SESSION = '0192a0c1-7d2e-7c3b-9a4f-0000000001a1';

type Line = { seq: number; windowId: string };

/**
 * An open follow stream, on a connection of its own (a client leaving closes it): the lines
 * read so far, a way to wait for its end, or to leave.
 */
async function follow(server: TestServer, id = SESSION, key?: string, query = '') {
  const lines: Line[] = [];
  let ended = false;
  let pending = '';
  let body = '';
  const request = get(`${server.url}/api/sessions/${id}/snapshots?follow=true${query}`, {
    headers: auth(key),
    agent: false,
  });
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    request.once('response', resolve).once('error', reject),
  );
  const read = new Promise<void>((resolve) => {
    response.setEncoding('utf8');
    response.on('data', (text: string) => {
      body += text;
      pending += text;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      if (response.statusCode === 200)
        for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as Line);
    });
    const end = () => {
      ended = true;
      resolve();
    };
    response.once('end', end).once('close', end).once('error', end);
  });
  return {
    status: response.statusCode,
    contentType: response.headers['content-type'],
    live: response.headers['x-tapedeck-live'],
    lines,
    ended: () => ended,
    read,
    /** The answer's whole text, once it has ended. */
    text: async () => {
      await read;
      return body;
    },
    close: () => request.destroy(),
  };
}

/** Waits until `check` holds, polling briefly: the thing itself, not a fixed sleep. */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a session watched live', () => {
  const servers: TestServer[] = [];
  const start = async (live: Record<string, number> = {}) => {
    const server = await startTestServer(undefined, { live });
    servers.push(server);
    expect((await post(server, gz(makeChunk({ sessionId: SESSION, seq: 0 })))).status).toBe(200);
    return server;
  };
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      await server.close();
      removeDir(server.dataDir);
    }
  });

  it('sends the stored chunks, then each new chunk as soon as it is stored', async () => {
    const server = await start();
    const watcher = await follow(server);
    expect(watcher.status).toBe(200);
    expect(watcher.contentType).toMatch(/application\/x-ndjson/);
    expect(watcher.live).toBe('true');
    await until(() => watcher.lines.length === 1, 'the stored chunk');
    const posted = Date.now();
    expect((await post(server, gz(makeChunk({ sessionId: SESSION, seq: 1 })))).status).toBe(200);
    // Notified in process: no poll interval stands between storing and sending.
    await until(() => watcher.lines.some((l) => l.seq === 1), 'the new chunk', 2_000);
    expect(Date.now() - posted).toBeLessThan(2_000);
    // A chunk sent again is stored once, and sent once.
    await post(server, gz(makeChunk({ sessionId: SESSION, seq: 1 })));
    await post(server, gz(makeChunk({ sessionId: SESSION, seq: 2 })));
    await until(() => watcher.lines.some((l) => l.seq === 2), 'the third chunk');
    expect(watcher.lines.map((l) => l.seq)).toEqual([0, 1, 2]);
    expect(watcher.ended()).toBe(false);
    watcher.close();
  });

  it('leaves out the chunks a reconnecting client holds (after), then follows on', async () => {
    const server = await start();
    const WINDOW = '0192a0c1-7d2e-7c3b-9a4f-00000000000a';
    const other = '0192a0c1-7d2e-7c3b-9a4f-00000000000b';
    for (const chunk of [
      { seq: 1 },
      { seq: 2 },
      { seq: 0, windowId: other },
      { seq: 1, windowId: other },
    ])
      expect((await post(server, gz(makeChunk({ sessionId: SESSION, ...chunk })))).status).toBe(
        200,
      );
    // Holds the first window's 0 and 1, the other window's 0.
    const after = encodeURIComponent(`${WINDOW}:1,${other}:0`);
    const watcher = await follow(server, SESSION, undefined, `&after=${after}`);
    expect([watcher.status, watcher.live]).toEqual([200, 'true']);
    await until(() => watcher.lines.length === 2, 'what the client lacks');
    expect(watcher.lines.map((l) => `${l.windowId === other ? 'b' : 'a'}${l.seq}`)).toEqual([
      'a2',
      'b1',
    ]);
    await post(server, gz(makeChunk({ sessionId: SESSION, seq: 3 })));
    await until(() => watcher.lines.some((l) => l.seq === 3), 'a new chunk');
    expect(watcher.lines).toHaveLength(3);
    watcher.close();
    const bad = await follow(server, SESSION, undefined, '&after=nonsense');
    expect(bad.status).toBe(400);
  });

  it('bounds watchers per key and per server, and frees a place when a client leaves', async () => {
    const server = await start({ perKey: 2, perServer: 3 });
    const first = await follow(server);
    const second = await follow(server);
    const third = await follow(server);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(third.status).toBe(429);
    expect(JSON.parse(await third.text()).error).toMatch(/watch/i);

    // Another key has its own share, up to the server's bound.
    const made = await fetch(`${server.url}/api/keys`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'second viewer', role: 'viewer' }),
    });
    const { key } = (await made.json()) as { key: string };
    const other = await follow(server, SESSION, key);
    expect(other.status).toBe(200);
    const beyond = await follow(server, SESSION, key);
    expect(beyond.status).toBe(429);

    // A client that goes away is no longer counted: its place is free again.
    first.close();
    await until(async () => {
      const again = await follow(server);
      if (again.status !== 200) return false;
      again.close();
      return true;
    }, 'a freed place');
    for (const w of [second, other]) w.close();
  });

  it('ends a watch that sees nothing new for the idle timeout', async () => {
    const server = await start({ idleMs: 300 });
    const watcher = await follow(server);
    await watcher.read;
    expect(watcher.ended()).toBe(true);
    expect(watcher.lines.map((l) => l.seq)).toEqual([0]);
  });

  it('answers a session that is not live with what is stored, and ends', async () => {
    const server = await start();
    await execSql(server, 'UPDATE sessions SET updated_at = updated_at - 3600000');
    const watcher = await follow(server);
    expect(watcher.live).toBe('false');
    await watcher.read;
    expect(watcher.lines.map((l) => l.seq)).toEqual([0]);
    const missing = await follow(server, '0192a0c1-7d2e-7c3b-9a4f-0000000001ff');
    expect(missing.status).toBe(404);
  });

  it('finds a chunk another replica stored by polling the index (no notice crosses processes)', async () => {
    const server = await start({ pollMs: 200 });
    // A second server over the same storage: its ingestion notifies only its own watchers.
    const replica = await startTestServer(server.dataDir, {}, server.stores);
    try {
      const watcher = await follow(server);
      await until(() => watcher.lines.length === 1, 'the stored chunk');
      const chunk = makeChunk({ sessionId: SESSION, seq: 1 });
      expect((await post(replica, gz(chunk))).status).toBe(200);
      await until(() => watcher.lines.some((l) => l.seq === 1), 'the replica’s chunk', 5_000);
      watcher.close();
    } finally {
      await replica.close();
    }
  });

  it('ends open watches when the server closes, rather than holding the close up', async () => {
    const server = await start();
    const watcher = await follow(server);
    await until(() => watcher.lines.length === 1, 'the stored chunk');
    servers.splice(servers.indexOf(server), 1);
    await server.close();
    await watcher.read;
    expect(watcher.ended()).toBe(true);
    removeDir(server.dataDir);
  });

  it('marks live sessions in the list, from the list query itself', async () => {
    const server = await start();
    const other = '0192a0c1-7d2e-7c3b-9a4f-0000000001a2';
    await post(server, gz(makeChunk({ sessionId: other })));
    await execSql(
      server,
      `UPDATE sessions SET updated_at = updated_at - 3600000 WHERE id = '${other}'`,
    );
    const { json } = await getJson(server, '/api/sessions');
    const live = Object.fromEntries(
      (json.sessions as { id: string; live: boolean }[]).map((s) => [s.id, s.live]),
    );
    expect(live).toEqual({ [SESSION]: true, [other]: false });
  });
});
