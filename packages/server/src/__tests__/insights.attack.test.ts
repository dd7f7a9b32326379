// Issue #22 at the API: the source map upload refuses a viewer key, an oversized map and a
// malformed map (saying what is wrong) and then has stored nothing; the vitals filter refuses a
// name that is not a metric and a negative or absurd threshold with a clear 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, removeDir, startTestServer, type TestServer } from './helpers.js';

// =============================================================================================
// ADAPTER: every guess about the feature's names and shapes is here. Align these with the
// implementation; the assertions below do not name any of them.
// =============================================================================================

/** Guess: `POST /api/sourcemaps` `{ url, map }`: the minified script's URL and the map's text. */
const SOURCEMAPS = '/api/sourcemaps';
const uploadBody = (url: string, map: string) => JSON.stringify({ url, map });

/** Guess: `GET /api/sourcemaps` → `{ sourcemaps: [...] }`, what is stored. */
const storedMaps = (body: unknown) => (body as { sourcemaps: unknown[] }).sourcemaps;

/** A map larger than the server takes (guess: the limit is at most 50 MiB). */
const OVERSIZED_MAP_BYTES = 51 * 1024 * 1024;

/** Guess: the vitals filter `{ vital: { name, gt } }`, and `{ has: 'poorVitals' }`. */
const vitalFilter = (name: string, gt: number) => ({ vital: { name, gt } });
const POOR_VITALS_FILTER = { has: 'poorVitals' };
// ======================================= end of adapter ======================================

const SCRIPT = 'https://shop.example/assets/app.min.js';
/** A small, valid map: one segment, one original file. */
const GOOD_MAP = JSON.stringify({
  version: 3,
  file: 'app.min.js',
  sources: ['src/app.js'],
  sourcesContent: ['export const app = 1;\n'],
  names: [],
  mappings: 'AAAA',
});

describe('insights API: source map uploads and the vitals filter refuse bad input', () => {
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

  /** POSTs a map upload (by an editor unless `key` says otherwise): its status and error. */
  async function upload(
    map: string,
    key = keys.editor!,
  ): Promise<{ status: number; error: string }> {
    const response = await fetch(`${server.url}${SOURCEMAPS}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...auth(key) },
      body: uploadBody(SCRIPT, map),
    });
    const text = await response.text();
    let error = text;
    try {
      error = String((JSON.parse(text) as { error?: unknown }).error ?? text);
    } catch {}
    return { status: response.status, error };
  }

  async function stored(): Promise<unknown[]> {
    const response = await fetch(`${server.url}${SOURCEMAPS}`, { headers: auth() });
    expect(response.status).toBe(200);
    return storedMaps(await response.json());
  }

  async function search(filter: unknown, key = keys.viewer!) {
    const response = await fetch(`${server.url}/api/sessions/search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...auth(key) },
      body: JSON.stringify({ filter }),
    });
    return { status: response.status, body: (await response.json()) as { error?: string } };
  }

  it('refuses a viewer key and a missing key, and stores nothing', async () => {
    const viewer = await upload(GOOD_MAP, keys.viewer);
    expect([401, 403]).toContain(viewer.status);
    expect(viewer.error).toMatch(/role|key/i);
    const none = await fetch(`${server.url}${SOURCEMAPS}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: uploadBody(SCRIPT, GOOD_MAP),
    });
    expect(none.status).toBe(401);
    expect(await stored()).toHaveLength(0);
  });

  it('refuses an oversized map with 413, and stores nothing', async () => {
    const huge = JSON.stringify({
      version: 3,
      sources: ['src/app.js'],
      sourcesContent: ['x'.repeat(OVERSIZED_MAP_BYTES)],
      names: [],
      mappings: 'AAAA',
    });
    const result = await upload(huge);
    expect(result.status).toBe(413);
    expect(result.error).toMatch(/large|limit|size|bytes/i);
    expect(await stored()).toHaveLength(0);
  });

  it.each([
    ['text that is not JSON', '{"version":3,"sources":["a.js"],"mappings":'],
    ['JSON that is not an object', '[1,2,3]'],
    ['a map without mappings', JSON.stringify({ version: 3, sources: ['a.js'], names: [] })],
    ['a map of another version', JSON.stringify({ version: 2, sources: ['a.js'], mappings: '' })],
    [
      'mappings that are not VLQ',
      JSON.stringify({ version: 3, sources: ['a.js'], mappings: '!!' }),
    ],
    ['an empty map', ''],
  ])('refuses %s with a 400 that says what is wrong, and stores nothing', async (_, map) => {
    const result = await upload(map);
    expect(result.status).toBe(400);
    expect(result.error).toMatch(/source ?map|mappings|version|JSON/i);
    expect(result.error).not.toMatch(/internal error/i);
    expect(await stored()).toHaveLength(0);
  });

  it('takes a good map from an editor (so the refusals above were the checks)', async () => {
    const result = await upload(GOOD_MAP);
    expect(result.status, result.error).toBeGreaterThanOrEqual(200);
    expect(result.status, result.error).toBeLessThan(300);
    expect(await stored()).toHaveLength(1);
  });

  it('searches by poor vitals and by a metric over a threshold', async () => {
    expect((await search(POOR_VITALS_FILTER)).status).toBe(200);
    for (const name of ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'])
      expect((await search(vitalFilter(name, name === 'CLS' ? 0.25 : 500))).status).toBe(200);
  });

  it.each([
    ['a name that is not a metric', vitalFilter('DOM_SIZE', 500)],
    ['a lower-case metric name', vitalFilter('inp', 500)],
    ['an empty name', vitalFilter('', 500)],
    ['a negative threshold', vitalFilter('INP', -1)],
    ['a huge threshold', vitalFilter('INP', 1e12)],
    ['a huge CLS threshold', vitalFilter('CLS', 1e9)],
  ])('refuses a vitals filter with %s: a clear 400', async (_, filter) => {
    const { status, body } = await search(filter);
    expect(status).toBe(400);
    expect(body.error).toMatch(/vital/i);
    expect(body.error).not.toMatch(/internal error/i);
    // The same through GET, where the filter is JSON text.
    const query = new URLSearchParams({ filter: JSON.stringify(filter) });
    const get = await fetch(`${server.url}/api/sessions?${query}`, { headers: auth(keys.viewer) });
    expect(get.status).toBe(400);
  });

  it('names the metrics when the name is not one', async () => {
    const { body } = await search(vitalFilter('DOM_SIZE', 500));
    expect(body.error).toMatch(/LCP|INP|CLS|FCP|TTFB/);
  });
});
