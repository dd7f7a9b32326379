import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadSourceMaps } from '../uploadSourceMaps.js';
import { ADMIN_KEY, getJson, removeDir, startTestServer, type TestServer } from './helpers.js';

const MAP = JSON.stringify({ version: 3, sources: ['src/a.ts'], names: [], mappings: 'AAAA' });

describe('tapedeck sourcemaps upload <dir>', () => {
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'tapedeck-maps-'));
    mkdirSync(join(dir, 'js'));
    writeFileSync(join(dir, 'js', 'app-B1x.js.map'), MAP);
    writeFileSync(join(dir, 'vendor.js.map'), MAP);
    writeFileSync(join(dir, 'vendor.js'), '/* not a map */');
  });
  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
    removeDir(dir);
  });

  it('uploads each map for the file it maps, under the URL prefix and release', async () => {
    const count = await uploadSourceMaps({
      dir,
      release: '1.4.2',
      urlPrefix: 'https://shop.example/assets',
      host: server.url,
      key: ADMIN_KEY,
    });
    expect(count).toBe(2);
    const { json } = await getJson(server, '/api/sourcemaps');
    const maps = json.sourcemaps as { release: string; url: string }[];
    expect(maps.map((m) => `${m.release} ${m.url}`).sort()).toEqual([
      '1.4.2 https://shop.example/assets/js/app-B1x.js',
      '1.4.2 https://shop.example/assets/vendor.js',
    ]);
  });

  it('stops at a map the server refuses, saying which and why', async () => {
    writeFileSync(join(dir, 'broken.js.map'), '{"version": 2}');
    await expect(
      uploadSourceMaps({ dir, urlPrefix: '/assets/', host: server.url, key: ADMIN_KEY }),
    ).rejects.toThrow(
      /broken\.js\.map: the server answered 400: map: source map version must be 3/,
    );
  });
});
