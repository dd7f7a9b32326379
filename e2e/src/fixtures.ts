import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', 'fixtures');
const outDir = join(here, '..', '.fixtures');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

/** Builds the test pages (which import @tapedeck/core) with Vite, as an app would. */
export async function buildFixtures(): Promise<void> {
  await build({
    root,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: {
        input: ['privacy', 'capture', 'csp'].map((name) => join(root, `${name}.html`)),
      },
    },
  });
  const require = createRequire(import.meta.url);
  const core = dirname(require.resolve('@tapedeck/core/package.json'));
  copyFileSync(join(core, 'dist', 'worker.js'), join(outDir, 'tapedeck-worker.js'));
}

/** Serves the built pages on their own origin, apart from the Tapedeck server. */
export async function serveFixtures(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(outDir, path);
    if (!file.startsWith(outDir) || !existsSync(file) || path.endsWith('/')) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
