import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serveStatic } from '../../scripts/serveStatic.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', 'pages');
export const outDir = join(here, '..', '.pages');

/** Builds the pages with Vite (minified, split), as a production app would ship them. */
export async function buildPages() {
  await build({
    root,
    logLevel: 'warn',
    build: {
      outDir,
      // For `--profile` (maps the profile to sources); the pages do not point to them.
      sourcemap: 'hidden',
      emptyOutDir: true,
      rollupOptions: { input: ['heavy', 'form', 'tail'].map((n) => join(root, `${n}.html`)) },
    },
  });
}

export const servePages = () => serveStatic(outDir);
