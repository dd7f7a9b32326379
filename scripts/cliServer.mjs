// Starts the real `tapedeck serve` CLI (packages/server/dist/cli.js) as its own process.
// Shared by the end-to-end tests, the load test and the server benchmark.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'packages',
  'server',
  'dist',
  'cli.js',
);

/**
 * @param {{ dataDir?: string, token?: string, adminKey?: string, port?: number, args?: string[], nodeArgs?: string[], env?: Record<string, string> }} [given]
 */
export async function startCliServer(given = {}) {
  const dataDir = given.dataDir ?? mkdtempSync(join(tmpdir(), 'tapedeck-cli-'));
  const token = given.token ?? `e2e_${Date.now().toString(36)}`;
  const adminKey = given.adminKey ?? `tdk_e2e_${randomBytes(24).toString('base64url')}`;
  const child = spawn(
    process.execPath,
    [
      ...(given.nodeArgs ?? []),
      CLI,
      'serve',
      ...['--port', String(given.port ?? 0), '--data', dataDir],
      ...['--token', token, '--admin-key', adminKey],
      ...(given.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...given.env } },
  );
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (/** @type {Buffer} */ data) => {
      output += data.toString();
      const match = /Viewer:\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    url,
    token,
    adminKey,
    dataDir,
    pid: /** @type {number} */ (child.pid),
    /** Everything the server printed so far. */
    output: () => output,
    api: (/** @type {string} */ path, /** @type {RequestInit} */ init = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${adminKey}`, ...init.headers },
      }),
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop({ keepData = false } = {}) {
      child.kill('SIGTERM');
      await exited;
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
