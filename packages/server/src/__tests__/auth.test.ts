import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  getJson,
  removeDir,
  startTestServer,
  type TestServer,
  TOKEN,
  tableRows,
} from './helpers.js';

describe('API keys and roles', () => {
  let server: TestServer;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    for (const role of ['viewer', 'editor']) {
      const response = await fetch(`${server.url}/api/keys`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth() },
        body: JSON.stringify({ name: `${role} key`, role }),
      });
      expect(response.status).toBe(201);
      keys[role] = ((await response.json()) as { key: string }).key;
    }
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('refuses the API without a key (401), and the ingestion token is not a key', async () => {
    const none = await fetch(`${server.url}/api/sessions`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: string }).error).toMatch(/needs a personal API key/);
    const token = await getJson(server, '/api/sessions', TOKEN);
    expect(token.status).toBe(401);
  });

  it('lets a viewer read but not manage keys (403)', async () => {
    expect((await getJson(server, '/api/sessions', keys.viewer)).status).toBe(200);
    const me = await getJson(server, '/api/me', keys.viewer);
    expect(me.json.key).toMatchObject({ name: 'viewer key', role: 'viewer' });
    // The public ingestion token, for the viewer's "paste this snippet" first start.
    expect((me.json.project as { token: string }).token).toBe(TOKEN);
    const list = await getJson(server, '/api/keys', keys.viewer);
    expect(list.status).toBe(403);
    expect(list.json.error).toMatch(/needs the admin role/);
  });

  it('lists keys for an admin without ever showing a key or its hash', async () => {
    const list = await getJson(server, '/api/keys');
    const text = JSON.stringify(list.json);
    expect((list.json.keys as unknown[]).length).toBe(3);
    expect(text).not.toContain(keys.viewer!);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('revokes a key', async () => {
    const { keys: listed } = (await getJson(server, '/api/keys')).json as {
      keys: { id: number; name: string }[];
    };
    const editor = listed.find((k) => k.name === 'editor key')!;
    const res = await fetch(`${server.url}/api/keys/${editor.id}`, {
      method: 'DELETE',
      headers: auth(),
    });
    expect(res.status).toBe(204);
    expect((await getJson(server, '/api/sessions', keys.editor)).status).toBe(401);
  });

  it('stores only hashes of keys in the database', async () => {
    const dump = JSON.stringify(await tableRows(server, 'api_keys'));
    expect(dump).not.toContain(keys.viewer!);
  });
});
