import { execFile } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runLoadtest } from '../../scripts/loadtest.mjs';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'packages', 'server', 'dist', 'cli.js');

describe('segments under a crash', () => {
  it('a SIGKILL during a heavy ingest: every acknowledged chunk reads back, once, after a restart', async () => {
    // 60 clients each sending as fast as they are answered (a chunk every ~20 ms).
    const lines: string[] = [];
    const result = await runLoadtest({
      log: (line) => lines.push(line),
      clients: 60,
      seconds: 8,
      intervalMs: 20,
      crash: true,
      addresses: true,
      keepData: true,
      // Chunks every ~20 ms of a recording whose chunks are 2 s apart: dated an hour back.
      backdateMs: 3_600_000,
    });
    expect(result.acknowledged).toBeGreaterThan(500);
    expect(result.lost).toBe(0);
    expect(result.duplicated).toBe(0);
    expect(result.brokenSessions).toEqual([]);
    // The restart checked the segments, and appended after the torn one in a new file.
    expect(result.serverOutput).toMatch(
      /Store check after an unclean stop: .*0 unreadable, 0 missing\. Segments: \d+/,
    );
    const dataDir = /data kept in (\S+)/.exec(lines.join('\n'))?.[1] ?? '';
    const segments = readdirSync(join(dataDir, 'chunks', 'segments'));
    expect(segments.length).toBeGreaterThanOrEqual(2);
    const { stdout } = await run(process.execPath, [CLI, 'check', '--data', dataDir]);
    expect(stdout).toContain('Database: ok');
    expect(stdout).toContain('0 unreadable, 0 missing.');
    rmSync(dataDir, { recursive: true, force: true });
  });
});
