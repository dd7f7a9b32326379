import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auth,
  execSql,
  getJson,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  storedChunks,
  type TestServer,
} from './helpers.js';

const DAY = 86_400_000;

async function send(
  server: TestServer,
  path: string,
  method: string,
  body?: unknown,
  key?: string,
) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...auth(key), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

describe('deletion, retention and settings', () => {
  let server: TestServer;
  let viewerKey: string;

  beforeEach(async () => {
    server = await startTestServer();
    viewerKey = (await send(server, '/api/keys', 'POST', { name: 'v', role: 'viewer' })).json
      .key as string;
  });

  afterEach(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  const session = (n: number, extra: Record<string, unknown> = {}) =>
    makeChunk({
      sessionId: `0192a0c1-7d2e-7c3b-9a4f-0000000001${String(n).padStart(2, '0')}`,
      ...extra,
    });

  it('deletes a session, leaving no chunk behind, for admins only', async () => {
    const a = session(1);
    await post(server, gz(a));
    await post(server, gz({ ...a, seq: 1 }));
    await post(server, gz(session(2)));
    expect(await storedChunks(server)).toHaveLength(3);
    expect(
      (await send(server, `/api/sessions/${a.sessionId}`, 'DELETE', undefined, viewerKey)).status,
    ).toBe(403);
    expect((await send(server, `/api/sessions/${a.sessionId}`, 'DELETE')).status).toBe(204);
    expect(await storedChunks(server)).toHaveLength(1);
    expect((await getJson(server, `/api/sessions/${a.sessionId}`)).status).toBe(404);
    expect((await send(server, `/api/sessions/${a.sessionId}`, 'DELETE')).status).toBe(404);
  });

  it('erases a person: every session of theirs and the person', async () => {
    await post(server, gz(session(1, { distinctId: 'erin' })));
    await post(server, gz(session(2, { distinctId: 'erin' })));
    await post(server, gz(session(3, { distinctId: 'frank' })));
    const res = await send(server, '/api/persons/erin', 'DELETE');
    expect(res).toEqual({ status: 200, json: { deletedSessions: 2 } });
    expect(await storedChunks(server)).toHaveLength(1);
    expect((await getJson(server, '/api/persons/erin')).status).toBe(404);
    const left = (await getJson(server, '/api/sessions')).json.sessions as { distinctId: string }[];
    expect(left.map((s) => s.distinctId)).toEqual(['frank']);
  });

  it('removes sessions received longer ago than the retention period, at start and when it changes', async () => {
    // Retention runs on the server's clock: when the data arrived, not what the client said.
    const age = async (n: number, ms: number) =>
      execSql(
        server,
        `UPDATE sessions SET updated_at = updated_at - ${ms} WHERE id = '${session(n).sessionId}'`,
      );
    expect((await post(server, gz(session(1)))).status).toBe(200);
    expect((await post(server, gz(session(2)))).status).toBe(200);
    await age(1, 40 * DAY);
    server = await server.restart(); // 30 days by default: the old one goes at start
    expect((await getJson(server, '/api/sessions')).json.sessions).toHaveLength(1);
    expect(await storedChunks(server)).toHaveLength(1);

    expect((await post(server, gz(session(3)))).status).toBe(200);
    await age(3, 2 * DAY);
    const updated = await send(server, '/api/settings', 'PUT', { retentionDays: 1 });
    expect(updated.json.retentionDays).toBe(1);
    expect((await getJson(server, '/api/sessions')).json.sessions).toHaveLength(1);
    expect(await storedChunks(server)).toHaveLength(1);
  });

  it('edits the recording settings the SDK reads, and refuses bad ones', async () => {
    const bad = await send(server, '/api/settings', 'PUT', { recording: { sampleRate: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/sampleRate must be a number from 0 to 1/);
    expect(
      (await send(server, '/api/settings', 'PUT', { recording: { enabled: false } }, viewerKey))
        .status,
    ).toBe(403);
    const ok = await send(server, '/api/settings', 'PUT', {
      recording: { sampleRate: 0.25, urlBlocklist: ['/admin'] },
    });
    expect(ok.status).toBe(200);
    const sdk = await fetch(`${server.url}/api/projects/test_token_0123456789/recording-config`);
    expect(await sdk.json()).toEqual({ sampleRate: 0.25, urlBlocklist: ['/admin'] });
    expect((await getJson(server, '/api/settings', viewerKey)).json).toMatchObject({
      retentionDays: 30,
    });
  });
});
