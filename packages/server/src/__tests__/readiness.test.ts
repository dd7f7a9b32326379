import { mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPostgres, startPostgres } from '../../../../scripts/postgres.mjs';
import {
  gz,
  METRICS_TOKEN,
  makeChunk,
  post,
  removeDir,
  scrape,
  startTestServer,
  type TestServer,
} from './helpers.js';

type Readiness = { status: string; checks: { metadata: string; blobs: string }; error?: string };

async function readyz(server: TestServer) {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

async function livez(server: TestServer) {
  return (await fetch(`${server.url}/livez`)).status;
}

const READY = { status: 'ready', checks: { metadata: 'ok', blobs: 'ok' } };
const postgresRun = Boolean(process.env.TAPEDECK_TEST_DATABASE_URL);

describe.skipIf(postgresRun)('readiness over the data folder (SQLite and chunk files)', () => {
  let server: TestServer;
  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('fails while the data folder is gone, and recovers when it is back', async () => {
    server = await startTestServer();
    expect((await post(server, gz(makeChunk()))).status).toBe(200);
    expect(await readyz(server)).toEqual({ status: 200, body: READY });
    // The volume went away (unmounted, or the folder moved): the open database handle would
    // still answer a query, so the check looks for the file it opened.
    const away = `${server.dataDir}.away`;
    renameSync(server.dataDir, away);
    try {
      const down = await readyz(server);
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('unavailable');
      expect(down.body.checks.metadata).toMatch(/^failed/);
      expect(down.body.checks.blobs).toMatch(/^failed/);
      expect(down.body.error).toContain('the database and the blob store failed');
      // Liveness asks no store: a restart would not bring the folder back.
      expect(await livez(server)).toBe(200);
    } finally {
      renameSync(away, server.dataDir);
    }
    expect(await readyz(server)).toEqual({ status: 200, body: READY });
  });
});

// The PostgreSQL run of the suite: a cluster of this test's own, so that stopping it stops
// no other test's database.
describe.runIf(postgresRun && findPostgres())('readiness over PostgreSQL', () => {
  let cluster: Awaited<ReturnType<typeof startPostgres>>;
  let server: TestServer;
  const lines: string[] = [];

  afterAll(async () => {
    await server?.close();
    if (server) removeDir(server.dataDir);
    cluster?.stop();
  });

  it('fails while the database is stopped, and recovers when it is back', async () => {
    cluster = await startPostgres();
    const dataDir = mkdtempSync(join(tmpdir(), 'tapedeck-'));
    server = await startTestServer(
      dataDir,
      { metricsToken: METRICS_TOKEN, log: (line) => lines.push(line), logFormat: 'json' },
      { dataDir, databaseUrl: cluster.url },
    );
    const chunk = (seq: number) =>
      gz(makeChunk({ sessionId: '0192a0c1-7d2e-7c3b-9a4f-000000000801', seq }));
    expect((await post(server, chunk(0))).status).toBe(200);
    expect(await readyz(server)).toEqual({ status: 200, body: READY });
    const before = await scrape(server);

    cluster.pause();
    try {
      const down = await readyz(server);
      expect(down.status).toBe(503);
      expect(down.body.checks.metadata).toMatch(/^failed|^timed out/);
      expect(down.body.checks.blobs).toBe('ok');
      expect(down.body.error).toContain('the database failed');
      expect(await livez(server)).toBe(200);
      // An upload meanwhile is refused, and counted as a store error.
      expect((await post(server, chunk(1))).status).toBeGreaterThanOrEqual(500);
      const during = await scrape(server);
      const errors = [...during]
        .filter(([name]) => name.startsWith('tapedeck_store_errors_total{store="metadata"'))
        .reduce((sum, [name, value]) => sum + value - (before.get(name) ?? 0), 0);
      expect(errors).toBeGreaterThan(0);
    } finally {
      cluster.resume();
    }
    // The pool reconnects: ready again, and uploads are stored again.
    expect(await readyz(server)).toEqual({ status: 200, body: READY });
    expect((await post(server, chunk(1))).status).toBe(200);
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.filter((e) => e.ready !== undefined).map((e) => e.ready)).toEqual([false, true]);
  });
});
