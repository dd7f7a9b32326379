// A throwaway PostgreSQL server for tests and benchmarks: Debian's `postgresql` binaries, a
// cluster in a temporary folder, a free port on 127.0.0.1, stopped and removed afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.mjs';

export const HOW_TO_GET_POSTGRES =
  'PostgreSQL is needed for the PostgreSQL/S3 run of the server tests and was not found. ' +
  'Install it with `apt-get install postgresql` (Debian).';

/** The folder of the newest installed PostgreSQL's programs, or null. */
export function findPostgres() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/**
 * Starts a cluster; `durable: false` (tests) turns fsync off, which only matters if the
 * machine itself crashes. Returns the URL of its `postgres` database (user `tapedeck`, no
 * password) and a function that stops and removes it.
 */
export async function startPostgres({ durable = false } = {}) {
  const bin = findPostgres();
  if (!bin) throw new Error(HOW_TO_GET_POSTGRES);
  const dir = mkdtempSync(join(tmpdir(), 'tapedeck-pg-'));
  // PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const run = (program, args) => {
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
      : [join(bin, program), args];
    const result = spawnSync(cmd, argv, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`${program} failed:\n${result.stdout}\n${result.stderr}`);
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'tapedeck', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ];
  const start = () =>
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', settings.join(' '), '-w', 'start']);
  start();
  return {
    url: `postgres://tapedeck@127.0.0.1:${port}/postgres`,
    /** Stops the server and keeps its data: an outage, ended by `resume()` on the same port. */
    pause() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    resume: start,
    stop() {
      try {
        // A paused server is stopped already.
        if (existsSync(join(data, 'postmaster.pid')))
          run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
