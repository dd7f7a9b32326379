// dist/style.css = rrweb's replayer styles + the player's own (controls, then the panels).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const rrweb = readFileSync(require.resolve('rrweb/dist/style.css'), 'utf8');
const own = ['player.css', 'panels.css'].map((file) =>
  readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8'),
);
writeFileSync(new URL('../dist/style.css', import.meta.url), [rrweb, ...own].join('\n'));
