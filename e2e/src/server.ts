import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface CliServer {
  url: string;
  token: string;
  adminKey: string;
  /** Kills the process with SIGKILL, as a crash would; the data folder stays. */
  crash(): Promise<void>;
  /** fetch against the server's API with the admin key. */
  api(path: string, init?: RequestInit): Promise<Response>;
  dataDir: string;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('@tapedeck/server/package.json')), 'dist', 'cli.js');

/** Starts the real `tapedeck serve` CLI on a free port over a fresh data folder. */
export async function startCliServer(
  given: { dataDir?: string; token?: string; adminKey?: string } = {},
): Promise<CliServer> {
  const dataDir = given.dataDir ?? mkdtempSync(join(tmpdir(), 'tapedeck-e2e-'));
  const token = given.token ?? `e2e_${Date.now().toString(36)}`;
  const adminKey = given.adminKey ?? `tdk_e2e_admin_${Date.now().toString(36)}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--data', dataDir, '--token', token, '--admin-key', adminKey],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /Viewer:\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    token,
    adminKey,
    api: (path, init = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${adminKey}`, ...init.headers },
      }),
    dataDir,
    async crash() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The text of every chunk stored on disk, gunzipped. */
export function storedChunkTexts(dataDir: string): string[] {
  const root = join(dataDir, 'chunks');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json.gz'))
    .map((file) => gunzipSync(readFileSync(join(root, file))).toString('utf8'));
}
