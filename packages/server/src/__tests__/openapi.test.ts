import { AjvCompiler } from '@fastify/ajv-compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../createApp.js';
import { FsBlobStore } from '../storage/FsBlobStore.js';
import { SqliteMetadataStore } from '../storage/SqliteMetadataStore.js';
import {
  auth,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  type TestServer,
  TOKEN,
} from './helpers.js';

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };
type Docs = { paths: Record<string, Record<string, Operation>> };

const SESSION = makeChunk().sessionId;

/** A body each writing route accepts, by `METHOD /path/{param}`. */
/** Query strings of routes that require one. */
const QUERIES: Record<string, string> = {
  'GET /api/heatmaps': '?url=https%3A%2F%2Fshop.example%2F',
  'GET /api/heatmaps/sessions': '?url=https%3A%2F%2Fshop.example%2F&selector=button',
};
const BODIES: Record<string, unknown> = {
  'POST /api/keys': { name: 'docs', role: 'viewer' },
  'POST /api/sessions/search': { filter: { has: 'rageClicks' }, limit: 5 },
  'POST /api/sessions/import': makeChunk({ sessionId: 'imported' }).events,
  'PUT /api/sessions/{id}/tags': { tags: ['checkout'] },
  'POST /api/sessions/{id}/comments': { atMs: 500, text: 'Look here' },
  'PATCH /api/comments/{id}': { text: 'Look there' },
  'POST /api/playlists': { name: 'Rage', filter: { has: 'rageClicks' } },
  'PATCH /api/playlists/{id}': { name: 'Rage clicks' },
  'PUT /api/playlists/{id}/alert': {
    url: 'https://hooks.example/tapedeck',
    format: 'json',
    secret: 'sixteen-characters-or-more',
  },
  'POST /api/notebooks': { title: 'Notes', body: '# Notes' },
  'PATCH /api/notebooks/{id}': { title: 'More notes' },
  'POST /api/cohorts': { name: 'Pro', filter: { person: { key: 'plan', isSet: true } } },
  'PUT /api/settings': { retentionDays: 30 },
  'POST /api/sourcemaps': {
    url: 'https://shop.example/app.js',
    map: { version: 3, sources: ['app.ts'], names: [], mappings: 'AAAA' },
  },
};

describe('the OpenAPI document at GET /api/docs', () => {
  let server: TestServer;
  let docs: Docs;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    expect((await post(server, gz(makeChunk({ distinctId: 'alice' })))).status).toBe(200);
    docs = (await (await fetch(`${server.url}/api/docs`)).json()) as Docs;
    const make = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { ...auth(), 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return String(((await res.json()) as { id: number }).id);
    };
    ids.comments = await make(`/api/sessions/${SESSION}/comments`, { atMs: 1, text: 'a' });
    ids.playlists = await make('/api/playlists', { name: 'p', filter: { has: 'rageClicks' } });
    const alert = await fetch(`${server.url}/api/playlists/${ids.playlists}/alert`, {
      method: 'PUT',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify(BODIES['PUT /api/playlists/{id}/alert']),
    });
    expect(alert.status).toBe(200);
    ids.notebooks = await make('/api/notebooks', { title: 'n' });
    ids.cohorts = await make('/api/cohorts', { name: 'c', filter: { distinctId: 'alice' } });
    ids.keys = await make('/api/keys', { name: 'k', role: 'viewer' });
    ids.sessions = SESSION;
    const failing = makeChunk({ sessionId: 'with-an-error', seq: 0 });
    failing.events.push({
      type: 5,
      timestamp: failing.events[0]!.timestamp + 3,
      data: { tag: '$exception', payload: { type: 'Error', message: 'boom', stack: null } },
    } as never);
    expect((await post(server, gz(failing))).status).toBe(200);
    const errors = await fetch(`${server.url}/api/errors`, { headers: auth() });
    ids.errors = ((await errors.json()) as { groups: { id: string }[] }).groups[0]!.id;
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('documents every route the server has', async () => {
    const documented = Object.entries(docs.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const metadata = new SqliteMetadataStore(`${server.dataDir}/other.db`);
    const project = await metadata.ensureDefaultProject();
    const app = await createApp({
      metadata,
      blobs: new FsBlobStore(server.dataDir),
      project,
      log: () => {},
    });
    await app.ready();
    const routes: string[] = [];
    const tree = app.printRoutes({ commonPrefix: false });
    await app.close();
    await metadata.close();
    // printRoutes draws a tree: each line is a path segment (4 columns per level) and methods.
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
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) expect(documented, route).toContain(route);
  });

  it('has every route answer as documented: its status, and a body of its schema', async () => {
    const ajv = AjvCompiler()({ docs: { $id: 'docs', ...docs } } as never, {
      customOptions: { strict: false },
    });
    const operations = Object.entries(docs.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    // Deletions last: a playlist's alert before its playlist (which takes it), a session's
    // (which takes its comments), then a person's (every session).
    const rank = (o: { method: string; path: string }) =>
      o.method !== 'DELETE'
        ? 0
        : o.path.endsWith('/alert')
          ? 0.5
          : o.path.includes('persons')
            ? 3
            : o.path.includes('sessions')
              ? 2
              : 1;
    operations.sort((a, b) => rank(a) - rank(b));
    let checked = 0;
    for (const { path, method, op } of operations) {
      const route = `${method} ${path}`;
      const url = path
        .replace('{distinctId}', 'alice')
        .replace('{token}', TOKEN)
        .replace('{id}', () => ids[path.split('/')[2]!] ?? '');
      const ingest = path === '/s/';
      const body = ingest ? gz(makeChunk({ seq: 7 })) : BODIES[route];
      const query = ingest ? `?token=${TOKEN}` : (QUERIES[route] ?? '');
      const res = await fetch(`${server.url}${url}${query}`, {
        method,
        headers: {
          ...(ingest ? {} : auth()),
          ...(body && !ingest ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body ? { body: ingest ? (body as Buffer) : JSON.stringify(body) } : {}),
      });
      const success = Object.keys(op.responses).find((s) => /^2\d\d$/.test(s));
      expect(String(res.status), `${route}: ${res.status}`).toBe(success);
      const text = await res.text();
      const json = op.responses[success!]?.content?.['application/json'];
      if (!json || !(res.headers.get('content-type') ?? '').includes('application/json')) continue;
      const pointer = [
        'paths',
        path,
        method.toLowerCase(),
        'responses',
        success,
        'content',
        'application/json',
        'schema',
      ]
        .map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1'))
        .join('/');
      const validate = ajv({
        schema: { $ref: `docs#/${pointer}` },
        method: 'GET',
        url: '/',
        httpPart: 'body',
      });
      expect(validate(JSON.parse(text)), `${route}: ${JSON.stringify(validate.errors)}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(25);
  });
});
