import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestServer, type TestServer, TOKEN, withStores } from './helpers.js';

describe('GET /api/projects/:token/recording-config', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('serves the project settings to any origin, cacheable', async () => {
    const response = await fetch(`${server.url}/api/projects/${TOKEN}/recording-config`, {
      headers: { Origin: 'https://shop.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await response.json()).toEqual({});
  });

  it('serves what was saved, after a restart', async () => {
    await server.close();
    await withStores(server, async ({ metadata }) => {
      const project = await metadata.ensureDefaultProject(TOKEN);
      await metadata.setRecordingSettings(project.id, {
        sampleRate: 0.5,
        urlBlocklist: ['/admin'],
      });
    });
    server = await startTestServer(server.dataDir, {}, server.stores);
    const response = await fetch(`${server.url}/api/projects/${TOKEN}/recording-config`);
    expect(await response.json()).toEqual({ sampleRate: 0.5, urlBlocklist: ['/admin'] });
  });

  it('opens CORS only for the SDK: ingestion and settings, not the query API', async () => {
    const headers = { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST' };
    const preflight = await fetch(`${server.url}/s/`, { method: 'OPTIONS', headers });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const api = await fetch(`${server.url}/api/sessions`, { headers });
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('says so for an unknown token', async () => {
    const response = await fetch(`${server.url}/api/projects/nope/recording-config`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toMatch(/Unknown project token/);
  });
});
