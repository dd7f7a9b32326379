// `--project-rate` on the real CLI: a project's budget of chunks a second, refused past its
// 5 s burst with the reason, and a bad value refused at start with what to give instead.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from '../../../../scripts/cliServer.mjs';
import { makeChunk } from './helpers.js';
import { CLI, requireBuiltCli } from './segments.attack.helpers.js';

let server: CliServer;

beforeAll(async () => {
  requireBuiltCli();
  server = await startCliServer({
    args: [
      '--no-demo',
      '--client-rate',
      '100000',
      '--session-rate',
      '100000',
      '--project-rate',
      '2',
    ],
  });
});
afterAll(() => server?.stop());

describe('tapedeck serve --project-rate', () => {
  it("refuses a project's chunks past 5 s worth of its rate, naming the project's budget", async () => {
    const answers: { status: number; limit: string | null }[] = [];
    for (let seq = 0; seq < 12; seq++) {
      const res = await fetch(`${server.url}/s/?token=${server.token}`, {
        method: 'POST',
        body: JSON.stringify(makeChunk({ seq })),
      });
      await res.arrayBuffer();
      answers.push({ status: res.status, limit: res.headers.get('x-tapedeck-limit') });
    }
    // 2 a second in bursts of 10; the run takes well under the second that would add two.
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(10);
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(11);
    expect(answers.at(-1)).toEqual({ status: 429, limit: 'project' });
  });

  it('refuses a rate that is not a positive number, and says what to give', () => {
    const run = spawnSync(process.execPath, [CLI, 'serve', '--project-rate', '0'], {
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('--project-rate must be a positive number of chunks per second');
  });
});
