import { copyFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { serveStatic } from '../../scripts/serveStatic.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', 'fixtures');
/** Where the built pages are (and the fidelity tests put recordings for the player). */
export const FIXTURES_DIR = join(here, '..', '.fixtures');
const outDir = FIXTURES_DIR;

const FONTS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf',
];

/** Builds the test pages (which import @tapedeck/core) with Vite, as an app would. */
export async function buildFixtures(): Promise<void> {
  await build({
    root,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: {
        input: [
          'privacy',
          'capture',
          'csp',
          'soak',
          'replay',
          'fidelity-basics',
          'fidelity-gaps',
          'inspector',
          'heatmap',
        ].map((name) => join(root, `${name}.html`)),
      },
    },
  });
  const require = createRequire(import.meta.url);
  const core = dirname(require.resolve('@tapedeck/core/package.json'));
  copyFileSync(join(core, 'dist', 'worker.js'), join(outDir, 'tapedeck-worker.js'));
  // A font for the FontFace fixture: one of Debian's, as Chromium brings them.
  const font = FONTS.find((path) => existsSync(path));
  if (!font) throw new Error(`The fidelity tests need one of these fonts: ${FONTS.join(', ')}.`);
  copyFileSync(font, join(outDir, 'fancy.ttf'));
}

/** Serves the built pages on their own origin, apart from the Tapedeck server. */
export const serveFixtures = () => serveStatic(outDir);

/**
 * Opens fixture page `name` (from `fixturesUrl`) in `page`, recording into `server` with
 * `options`; resolves with the session id once it is recording.
 */
export async function openFixture(
  page: Page,
  fixturesUrl: string,
  name: string,
  server: { url: string; token: string },
  options: Record<string, unknown> = {},
): Promise<string> {
  const query = new URLSearchParams({
    host: server.url,
    token: server.token,
    options: JSON.stringify(options),
  });
  await page.goto(`${fixturesUrl}/${name}.html?${query}`);
  await page.waitForFunction(
    () =>
      (
        window as never as { recorder: { getSnapshot(): { status: string } } }
      ).recorder.getSnapshot().status === 'recording',
  );
  return page.evaluate(() =>
    (window as never as { recorder: { getSessionId(): string } }).recorder.getSessionId(),
  );
}
