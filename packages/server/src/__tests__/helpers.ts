import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type RunningServer, type ServerConfig, startServer } from '../startServer.js';

export const TOKEN = 'test_token_0123456789';
export const ADMIN_KEY = 'tdk_test_admin_key_0123456789';
export const auth = (key = ADMIN_KEY) => ({ Authorization: `Bearer ${key}` });

export interface TestServer extends RunningServer {
  dataDir: string;
  restart(): Promise<TestServer>;
}

/** The real server on a free port, over a fresh data folder (a real SQLite file). */
export async function startTestServer(
  dataDir = mkdtempSync(join(tmpdir(), 'tapedeck-')),
  extra: Partial<ServerConfig> = {},
) {
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    token: TOKEN,
    adminKey: ADMIN_KEY,
    log: () => {},
    ...extra,
  });
  const test: TestServer = {
    ...server,
    dataDir,
    async restart() {
      await server.close();
      return startTestServer(dataDir, extra);
    },
  };
  return test;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every stored chunk file under the data folder. */
export function chunkFiles(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, 'chunks'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.json.gz'),
    );
  } catch {
    return [];
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
  options: { token?: string | null; query?: string; contentType?: string; userAgent?: string } = {},
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
