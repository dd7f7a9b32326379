// Copies the built viewer into this package, so the published server serves it at `/`.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const target = new URL('../viewer', import.meta.url).pathname;
rmSync(target, { recursive: true, force: true });
let source;
try {
  const require = createRequire(import.meta.url);
  source = join(dirname(require.resolve('@tapedeck/viewer/package.json')), 'dist');
} catch {
  source = null;
}
if (source && existsSync(join(source, 'index.html'))) {
  cpSync(source, target, { recursive: true });
  console.log(`copied the viewer from ${source}`);
} else {
  console.warn('the viewer is not built; the server will say so at /');
}
