import { gzipSync } from 'node:zlib';
import { limits } from '@tapedeck/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  getJson,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  storedChunks,
  type TestServer,
  TOKEN,
} from './helpers.js';

describe('POST /s/', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });

  afterEach(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  const nothingStored = async () => {
    expect(await storedChunks(server)).toEqual([]);
    const list = await getJson(server, '/api/sessions');
    expect(list.json.sessions).toEqual([]);
  };

  it('stores a gzipped chunk and indexes its session', async () => {
    const chunk = makeChunk();
    const res = await post(server, gz(chunk), { query: 'compression=gzip' });
    expect(res).toEqual({ status: 200, json: { ok: true, duplicate: false } });
    expect(await storedChunks(server)).toHaveLength(1);
    const list = await getJson(server, '/api/sessions');
    const sessions = list.json.sessions as Record<string, unknown>[];
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      id: chunk.sessionId,
      firstUrl: 'https://shop.example/',
      durationMs: 900,
      eventCount: 5,
      pageviewCount: 1,
      clickCount: 1,
      keypressCount: 1,
      chunkCount: 1,
    });
  });

  it('indexes URLs without the values of secret parameters, whatever the SDK sent', async () => {
    const chunk = makeChunk();
    const secret =
      'https://shop.example/reset?reset_token=tok-secret&page=2#access_token=frag-secret';
    (chunk.events[0]!.data as { href: string }).href = secret;
    (chunk.events[2]!.data as { payload: { href: string } }).payload.href = secret;
    expect((await post(server, gz(chunk))).status).toBe(200);
    const session = await getJson(server, `/api/sessions/${chunk.sessionId}`);
    expect(session.json.firstUrl).toBe(
      'https://shop.example/reset?reset_token=[redacted]&page=2#access_token=[redacted]',
    );
    const filter = encodeURIComponent(JSON.stringify({ url: { contains: 'secret' } }));
    const found = await getJson(server, `/api/sessions?filter=${filter}`);
    expect(found.json.sessions).toEqual([]);
  });

  it('accepts plain JSON as sendBeacon sends it', async () => {
    const res = await post(server, JSON.stringify(makeChunk()));
    expect(res.status).toBe(200);
    expect(await storedChunks(server)).toHaveLength(1);
  });

  it('stores a chunk sent twice only once', async () => {
    const chunk = makeChunk();
    expect((await post(server, gz(chunk))).json).toEqual({ ok: true, duplicate: false });
    expect((await post(server, JSON.stringify(chunk))).json).toEqual({ ok: true, duplicate: true });
    expect(await storedChunks(server)).toHaveLength(1);
    const session = await getJson(server, `/api/sessions/${chunk.sessionId}`);
    expect(session.json).toMatchObject({ chunkCount: 1, eventCount: 5, clickCount: 1 });
  });

  it('refuses a missing or unknown token with 401 and stores nothing', async () => {
    const missing = await post(server, gz(makeChunk()), { token: null });
    expect(missing.status).toBe(401);
    expect(missing.json.error).toMatch(/Missing project token/);
    const unknown = await post(server, gz(makeChunk()), { token: 'not_the_token' });
    expect(unknown.status).toBe(401);
    expect(unknown.json.error).toMatch(/Unknown project token/);
    await nothingStored();
  });

  it.each([
    [
      'a non-gzip body that says it is gzip',
      () => JSON.stringify(makeChunk()),
      'compression=gzip',
      400,
      /not gzip/,
    ],
    ['truncated gzip', () => gz(makeChunk()).subarray(0, 40), '', 400, /truncated or corrupt gzip/],
    ['malformed JSON', () => '{"sessionId": ', '', 400, /not valid JSON/],
    ['gzipped malformed JSON', () => gzipSync('[1, 2'), '', 400, /not valid JSON/],
    [
      'a wrong field type',
      () => gz(makeChunk({ seq: 'one' })),
      '',
      400,
      /seq must be a non-negative integer/,
    ],
    [
      'a bad event',
      () => gz(makeChunk({ events: [{ type: 3 }] })),
      '',
      400,
      /events\[0\]\.timestamp/,
    ],
    ['an empty body', () => '', '', 400, /empty/],
  ])(
    'refuses %s with a message naming the problem, storing nothing',
    async (_n, body, query, status, message) => {
      const res = await post(server, body(), { query });
      expect(res.status).toBe(status);
      expect(res.json.error).toMatch(message);
      await nothingStored();
    },
  );

  it('reads a body sent without a Content-Type, gzip or JSON, as the recorder sends it', async () => {
    for (const [seq, body] of [
      gz(makeChunk({ seq: 0 })),
      JSON.stringify(makeChunk({ seq: 1 })),
    ].entries()) {
      const response = await fetch(`${server.url}/s/?token=${TOKEN}`, { method: 'POST', body });
      expect(response.status, `body ${seq}: ${await response.clone().text()}`).toBe(200);
    }
    const empty = await fetch(`${server.url}/s/?token=${TOKEN}`, {
      method: 'POST',
      headers: { 'Content-Type': '' },
      body: gz(makeChunk({ seq: 2 })),
    });
    expect(empty.status, await empty.clone().text()).toBe(200);
    expect(await storedChunks(server)).toHaveLength(3);
  });

  it('refuses a body that starts with a byte-order mark, saying so', async () => {
    const res = await post(server, `\ufeff${JSON.stringify(makeChunk())}`);
    expect(res.status).toBe(400);
    expect(res.json.error).toBe(
      'The body starts with a byte-order mark (U+FEFF): send UTF-8 JSON without one.',
    );
    await nothingStored();
  });

  it('refuses a body over the limit with 413 naming the limit', async () => {
    const big = new Uint8Array(limits.maxBodyBytes + 1).fill(0x20);
    const res = await post(server, big);
    expect(res.status).toBe(413);
    expect(res.json.error).toContain(String(limits.maxBodyBytes));
    await nothingStored();
  });

  it('refuses a gzip bomb without inflating it all', async () => {
    // 16 gzip members of 64 MiB of spaces each: ~1 MB that would inflate to 1 GiB.
    const member = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 16 }, () => member));
    expect(bomb.length).toBeLessThan(limits.maxBodyBytes);
    const before = process.memoryUsage().rss;
    const res = await post(server, bomb, { query: 'compression=gzip' });
    const grown = process.memoryUsage().rss - before;
    expect(res.status).toBe(413);
    expect(res.json.error).toContain(`limit of ${limits.maxDecompressedBytes} bytes`);
    // Inflating all of it would take over 1 GiB; stopping at the limit takes tens of MB.
    expect(grown).toBeLessThan(300 * 1024 * 1024);
    await nothingStored();
  });

  it('keeps what it acknowledged across a restart', async () => {
    const chunk = makeChunk();
    await post(server, gz(chunk));
    await post(server, gz({ ...chunk, seq: 1, events: chunk.events.slice(3) }));
    server = await server.restart();
    const session = await getJson(server, `/api/sessions/${chunk.sessionId}`);
    expect(session.json).toMatchObject({ chunkCount: 2, eventCount: 7 });
  });
});
