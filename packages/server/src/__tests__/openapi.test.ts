import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../createApp.js';
import { FsBlobStore } from '../storage/FsBlobStore.js';
import { SqliteMetadataStore } from '../storage/SqliteMetadataStore.js';
import { getJson, removeDir, startTestServer, type TestServer } from './helpers.js';

describe('GET /api/docs', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('documents every route the server has, without a key', async () => {
    const docs = (await (await fetch(`${server.url}/api/docs`)).json()) as {
      paths: Record<string, object>;
    };
    const documented = Object.entries(docs.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const metadata = new SqliteMetadataStore(`${server.dataDir}/tapedeck.db`);
    const project = await metadata.ensureDefaultProject();
    const app = await createApp({
      metadata,
      blobs: new FsBlobStore(server.dataDir),
      project,
      log: () => {},
    });
    const tree = app.printRoutes({ commonPrefix: false });
    await app.close();
    await metadata.close();
    // printRoutes draws a tree: each line is a path segment (4 columns per level) and methods.
    const routes: string[] = [];
    const stack: string[] = [];
    for (const line of tree.split('\n')) {
      const match = /^([│├└─\s]*)(\S+) \(([A-Z, ]+)\)/.exec(line);
      if (!match) continue;
      const depth = Math.floor(match[1]!.length / 4);
      stack[depth] = match[2]!;
      const path = stack.slice(0, depth + 1).join('');
      if (!path.startsWith('/api') && path !== '/s/') continue;
      for (const method of match[3]!.split(', '))
        if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${path}`);
    }
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) expect(documented, route).toContain(route);
    expect((await getJson(server, '/api/docs')).status).toBe(200);
  });
});
