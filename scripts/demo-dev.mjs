// `pnpm dev` in a demo app: the Tapedeck server (port 8787, data in ./tapedeck-data) and the
// demo's Vite dev server together. Run from the demo's folder.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
const cli = join(dirname(require.resolve('@tapedeck/server/package.json')), 'dist', 'cli.js');
// The demo's own dev command (default `vite`), e.g. `node demo-dev.mjs next dev`.
const [command = 'vite', ...args] = process.argv.slice(2);
const env = {
  ...process.env,
  VITE_TAPEDECK_HOST: 'http://127.0.0.1:8787',
  VITE_TAPEDECK_TOKEN: 'demo_token_0001',
  TAPEDECK_HOST: 'http://127.0.0.1:8787',
  TAPEDECK_TOKEN: 'demo_token_0001',
};
const children = [
  spawn(process.execPath, [cli, 'serve', '--token', 'demo_token_0001'], { stdio: 'inherit' }),
  spawn('npx', [command, ...args], { stdio: 'inherit', env }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
