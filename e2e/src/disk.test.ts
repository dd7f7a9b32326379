import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { recordingChunk } from '../../scripts/recording.mjs';
import { startCliServer } from './server.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'packages', 'server', 'dist', 'cli.js');

/** A small file system of its own (tmpfs), so the disk can really fill up. Needs root. */
function smallDisk(): string | null {
  if (process.getuid?.() !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'tapedeck-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tapedeck-test', dir]);
    return dir;
  } catch {
    return null;
  }
}

/** A chunk that gzip cannot shrink much: about 150 KB on disk. */
function bulkyChunk(seq: number, start: number) {
  const chunk = recordingChunk('bulky', seq, start);
  const noise = Array.from({ length: 300 }, () => Math.random().toString(36).slice(2)).join('');
  for (let i = 0; i < 20; i++)
    chunk.events.push({
      type: 5,
      timestamp: start + seq * 2000 + 1999,
      data: { tag: 'n', payload: { noise: `${noise}${i}` } },
    });
  return gzipSync(JSON.stringify(chunk));
}

const disk = smallDisk();

describe.skipIf(!disk)('a full disk', () => {
  afterAll(() => {
    if (!disk) return;
    execFileSync('umount', [disk]);
    rmSync(disk, { recursive: true, force: true });
  });

  it('answers 507 with Retry-After, stores nothing partial, and recovers once space returns', async () => {
    const root = disk as string;
    const server = await startCliServer({ dataDir: join(root, 'data'), args: ['--no-demo'] });
    const start = Date.now();
    const post = (seq: number) =>
      fetch(`${server.url}/s/?token=${server.token}`, {
        method: 'POST',
        body: bulkyChunk(seq, start),
      });
    // Leave room for a few chunks only.
    const filler = join(root, 'filler');
    writeFileSync(filler, Buffer.alloc(statfsSync(root).bavail * statfsSync(root).bsize - 600_000));

    let seq = 0;
    let refused = new Response();
    for (; seq < 40; seq++) {
      const res = await post(seq);
      if (res.status !== 200) {
        refused = res;
        break;
      }
    }
    expect(seq).toBeGreaterThan(0);
    expect(refused.status).toBe(507);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect((await refused.json()).error).toMatch(/disk is full/);
    // Still full: still a clear answer, never a 500.
    expect((await post(seq)).status).toBe(507);
    // What was acknowledged is intact and readable.
    const before = await (await server.api('/api/sessions/bulky/snapshots')).text();
    expect(before.trim().split('\n')).toHaveLength(seq);

    rmSync(filler);
    expect((await post(seq)).status).toBe(200);
    expect((await post(seq + 1)).status).toBe(200);
    const after = await (await server.api('/api/sessions/bulky/snapshots')).text();
    expect(
      after
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).seq),
    ).toEqual(Array.from({ length: seq + 2 }, (_, i) => i));
    await server.stop({ keepData: true });

    const { stdout } = await run(process.execPath, [CLI, 'check', '--data', join(root, 'data')]);
    expect(stdout).toContain('Database: ok');
    expect(stdout).toContain('0 partial file(s) removed, 0 unreadable, 0 missing.');
  });
});
