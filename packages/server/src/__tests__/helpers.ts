import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { expect } from 'vitest';
import { openStores, type RunningServer, type ServerConfig, startServer } from '../startServer.js';
import { isSegmentKey, segmentRecords } from '../storage/SegmentWriter.js';

export const TOKEN = 'test_token_0123456789';
export const ADMIN_KEY = 'tdk_test_admin_key_0123456789';
export const auth = (key = ADMIN_KEY) => ({ Authorization: `Bearer ${key}` });

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Where this server keeps its data: open it with `openStores` to look inside. */
  stores: StoreConfig;
  restart(): Promise<TestServer>;
}

export type StoreConfig = Pick<ServerConfig, 'dataDir' | 'databaseUrl' | 's3'>;

/**
 * The storage a test server gets: a fresh data folder (a real SQLite file and chunk files) by
 * default; with TAPEDECK_TEST_DATABASE_URL and TAPEDECK_TEST_S3_ENDPOINT set (`pnpm test`
 * runs the suite a second time that way), a fresh PostgreSQL database and bucket prefix.
 */
export async function freshStores(dataDir: string): Promise<StoreConfig> {
  const admin = process.env.TAPEDECK_TEST_DATABASE_URL;
  const endpoint = process.env.TAPEDECK_TEST_S3_ENDPOINT;
  if (!admin || !endpoint) return { dataDir };
  const name = `td_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    s3: { bucket: process.env.TAPEDECK_TEST_S3_BUCKET ?? 'tapedeck', endpoint, prefix: name },
  };
}

/** The real server on a free port, over fresh storage of its own. */
export async function startTestServer(
  dataDir = mkdtempSync(join(tmpdir(), 'tapedeck-')),
  extra: Partial<ServerConfig> = {},
  given?: StoreConfig,
): Promise<TestServer> {
  const stores = given ?? (await freshStores(dataDir));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    token: TOKEN,
    adminKey: ADMIN_KEY,
    log: () => {},
    ...stores,
    ...extra,
  });
  return {
    ...server,
    dataDir,
    stores,
    async restart() {
      await server.close();
      return startTestServer(dataDir, extra, stores);
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Every stored chunk whose bytes can still be read, as the server's own blob store holds
 * them: a loose chunk file's key, or for each chunk in a segment (not erased)
 * `<segment>@<offset> <session>/<window>/<seq>`. Packs are left out.
 */
export async function storedChunks(server: TestServer): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of server.blobs.list()) {
    if (key.endsWith('.json.gz')) keys.push(key);
    if (!isSegmentKey(key)) continue;
    const data = await server.blobs.get(key);
    for (const { offset, length } of segmentRecords(data).records) {
      const bytes = data.subarray(offset, offset + length);
      if (bytes.every((b) => b === 0)) continue; // erased
      const chunk = JSON.parse(gunzipSync(bytes).toString('utf8'));
      keys.push(`${key}@${offset} ${chunk.sessionId}/${chunk.windowId}/${chunk.seq}`);
    }
  }
  return keys;
}

/** Opens the server's stores beside it (to look inside, or to prepare what a restart reads). */
export async function withStores<T>(
  server: TestServer,
  work: (stores: Awaited<ReturnType<typeof openStores>>) => Promise<T>,
): Promise<T> {
  const stores = await openStores(server.stores);
  try {
    return await work(stores);
  } finally {
    await stores.metadata.close();
    stores.s3?.close();
  }
}

// Recent, so retention (30 days by default) keeps test sessions.
let clock = Date.now() - 3_600_000;

export function makeChunk(overrides: Record<string, unknown> = {}) {
  clock += 10_000;
  const start = clock;
  return {
    sessionId: '0192a0c1-7d2e-7c3b-9a4f-000000000001',
    windowId: '0192a0c1-7d2e-7c3b-9a4f-00000000000a',
    seq: 0,
    sentAt: start + 1_000,
    sdk: { name: '@tapedeck/core', version: '0.0.0-test' },
    events: [
      {
        type: 4,
        timestamp: start,
        data: { href: 'https://shop.example/', width: 800, height: 600 },
      },
      { type: 2, timestamp: start + 1, data: { node: { type: 0, childNodes: [], id: 1 } } },
      {
        type: 5,
        timestamp: start + 2,
        data: { tag: '$pageview', payload: { href: 'https://shop.example/' } },
      },
      { type: 3, timestamp: start + 500, data: { source: 2, type: 2, id: 1, x: 5, y: 5 } },
      {
        type: 3,
        timestamp: start + 900,
        data: { source: 5, id: 1, text: '***', isChecked: false },
      },
    ],
    ...overrides,
  };
}

export async function post(
  server: RunningServer,
  body: string | Uint8Array,
  options: {
    token?: string | null;
    query?: string;
    contentType?: string;
    userAgent?: string;
    /** The client's address, for a server that trusts 127.0.0.1 as its proxy. */
    forwardedFor?: string;
  } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const token = options.token === undefined ? TOKEN : options.token;
  const params = new URLSearchParams();
  if (token) params.set('token', token);
  const query = [params.toString(), options.query].filter(Boolean).join('&');
  const response = await fetch(`${server.url}/s/?${query}`, {
    method: 'POST',
    headers: {
      'Content-Type': options.contentType ?? 'text/plain',
      ...(options.userAgent ? { 'User-Agent': options.userAgent } : {}),
      ...(options.forwardedFor ? { 'X-Forwarded-For': options.forwardedFor } : {}),
    },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export const gz = (value: unknown) => gzipSync(JSON.stringify(value));

export async function getJson(server: RunningServer, path: string, key = ADMIN_KEY) {
  const response = await fetch(`${server.url}${path}`, { headers: auth(key) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Every row of a table, straight from the database (SQLite file or PostgreSQL). */
export async function tableRows(server: TestServer, table: string): Promise<unknown[]> {
  const { databaseUrl } = server.stores;
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query(`SELECT * FROM ${table}`);
    await client.end();
    return rows;
  }
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(join(server.dataDir, 'tapedeck.db'), { readonly: true });
  const rows = db.prepare(`SELECT * FROM ${table}`).all();
  db.close();
  return rows;
}

/** Runs one statement against the server's database (to set up what HTTP cannot, e.g. age). */
export async function execSql(server: TestServer, text: string): Promise<void> {
  const { databaseUrl } = server.stores;
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(text);
    await client.end();
    return;
  }
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(join(server.dataDir, 'tapedeck.db'));
  db.exec(text);
  db.close();
}

export const METRICS_TOKEN = 'metrics_token_0123456789';

/** `name{labels}` → value, from Prometheus' text format. */
export function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    values.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return values;
}

export async function scrape(server: TestServer, token = METRICS_TOKEN) {
  const response = await fetch(`${server.url}/metrics`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parseMetrics(await response.text());
}
