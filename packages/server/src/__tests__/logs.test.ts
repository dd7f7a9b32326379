import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_KEY,
  auth,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  type TestServer,
  TOKEN,
} from './helpers.js';

describe('the server log', () => {
  let server: TestServer;
  const lines: string[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tapedeck-'));
    server = await startTestServer(dataDir, { log: (line) => lines.push(line) });
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('has one line per request, and no token, key or recorded content — also on errors', async () => {
    const secret = 'canary-log-secret-7f3a9c';
    const chunk = makeChunk({
      sessionId: '0192a0c1-7d2e-7c3b-9a4f-0000000000c1',
      distinctId: `${secret}@example.com`,
    });
    chunk.events.push({
      type: 5,
      timestamp: chunk.sentAt,
      data: { tag: 'typed', payload: { secret } } as never,
    });
    expect((await post(server, gz(chunk))).status).toBe(200);
    // Refused input and errors are logged too, still without what was sent.
    await post(server, `{"sessionId": "${secret}"`);
    await post(server, gz(chunk), { token: `${secret}-token` });
    await fetch(
      `${server.url}/api/sessions?filter=${encodeURIComponent(`{"url":{"regex":"${secret}("}}`)}`,
      {
        headers: auth(),
      },
    );
    await fetch(`${server.url}/api/persons/${secret}`, { headers: auth() });
    await fetch(`${server.url}/api/sessions`, {
      headers: { Authorization: `Bearer tdk_${secret}` },
    });

    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(log).toContain('POST /s/ 200');
    // People's ids (often emails) appear as the route's pattern.
    expect(log).toContain('GET /api/persons/:distinctId 404');
    for (const hidden of [TOKEN, ADMIN_KEY, secret]) expect(log).not.toContain(hidden);
  });
});

describe('the server log as JSON lines', () => {
  let server: TestServer;
  const lines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(undefined, {
      log: (line) => lines.push(line),
      logFormat: 'json',
    });
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('writes one JSON object per request, with no token or key in it', async () => {
    const chunk = makeChunk({ sessionId: '0192a0c1-7d2e-7c3b-9a4f-0000000000c2' });
    expect((await post(server, gz(chunk))).status).toBe(200);
    expect((await post(server, gz(chunk), { token: 'wrong-token-value-123' })).status).toBe(401);
    await fetch(`${server.url}/api/sessions?token=${TOKEN}`, { headers: auth() });
    await fetch(`${server.url}/nowhere?token=${TOKEN}`);

    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.length).toBeGreaterThanOrEqual(4);
    for (const event of events) {
      expect(Date.parse(String(event.time))).toBeGreaterThan(0);
      expect(['info', 'warn', 'error']).toContain(event.level);
    }
    const requests = events.filter((e) => e.method !== undefined);
    expect(requests).toContainEqual({
      time: expect.any(String),
      level: 'info',
      method: 'POST',
      path: '/s/',
      status: 200,
      ms: expect.any(Number),
    });
    expect(requests).toContainEqual(
      expect.objectContaining({ level: 'warn', method: 'POST', path: '/s/', status: 401 }),
    );
    expect(requests).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/api/sessions' }),
    );
    const log = lines.join('\n');
    for (const hidden of [TOKEN, ADMIN_KEY, 'wrong-token-value-123'])
      expect(log).not.toContain(hidden);
  });
});
