import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runLoadtest } from '../../scripts/loadtest.mjs';
import { recordingChunk } from '../../scripts/recording.mjs';
import { startCliServer } from './server.js';

const run = promisify(execFile);

describe('crashes', () => {
  it('under load from 100 clients, a SIGKILL loses no acknowledged chunk and breaks no session', async () => {
    const result = await runLoadtest({ clients: 100, seconds: 10, crash: true });
    expect(result.acknowledged).toBeGreaterThan(300);
    expect(result.lost).toBe(0);
    expect(result.duplicated).toBe(0);
    expect(result.brokenSessions).toEqual([]);
    // The restarted server noticed the unclean stop and checked the store.
    expect(result.serverOutput).toMatch(/Store check after an unclean stop: \d+ unacknowledged/);
    expect(result.serverOutput).toMatch(/0 unreadable, 0 missing/);
  });

  it('indexes a chunk written just before the crash, removes a half-written file, and the check agrees', async () => {
    let server = await startCliServer({ args: ['--no-demo'] });
    const { dataDir, token, adminKey } = server;
    const start = Date.now();
    const post = (seq: number) =>
      fetch(`${server.url}/s/?token=${token}`, {
        method: 'POST',
        body: gzipSync(JSON.stringify(recordingChunk('orphan', seq, start))),
      });
    expect((await post(0)).status).toBe(200);
    await server.crash();
    // What a crash between the chunk file and its row leaves behind.
    const dir = join(dataDir, 'chunks', '1', 'orphan', 'w');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, '1.json.gz'),
      gzipSync(JSON.stringify(recordingChunk('orphan', 1, start))),
    );
    writeFileSync(join(dir, '2.json.gz.3f9a0c1d2e4b.tmp'), Buffer.from([0x1f, 0x8b, 8]));

    server = await startCliServer({ dataDir, token, adminKey, args: ['--no-demo'] });
    expect(server.output()).toContain(
      'Store check after an unclean stop: 1 unacknowledged chunk(s) indexed, 1 partial file(s) removed, 0 unreadable, 0 missing.',
    );
    const snapshots = await (await server.api('/api/sessions/orphan/snapshots')).text();
    expect(
      snapshots
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).seq),
    ).toEqual([0, 1]);
    // The client retries the chunk it never saw acknowledged: stored once.
    expect(await (await post(1)).json()).toEqual({ ok: true, duplicate: true });
    await server.stop({ keepData: true });

    const { stdout } = await run(process.execPath, [
      join(import.meta.dirname, '..', '..', 'packages', 'server', 'dist', 'cli.js'),
      'check',
      '--data',
      dataDir,
    ]);
    expect(stdout).toContain('Store check of every chunk: 0 unacknowledged chunk(s) indexed');
    expect(stdout).toContain('0 unreadable, 0 missing.');
  });
});
