// dist/style.css = rrweb's replayer styles + the player's own.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const rrweb = readFileSync(require.resolve('rrweb/dist/style.css'), 'utf8');
const own = readFileSync(new URL('../src/player.css', import.meta.url), 'utf8');
writeFileSync(new URL('../dist/style.css', import.meta.url), `${rrweb}\n${own}`);
