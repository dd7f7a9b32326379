import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pixelmatch from 'pixelmatch';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { build } from 'vite';
import { openFixture } from './fixtures.js';
import { collectBodies, sessionEvents, waitFor } from './session.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
/** Built pages and recordings; its own folder, so other suites' builds never wipe it. */
export const SITE_DIR = join(import.meta.dirname, '..', 'artifacts', 'fidelity-site');
export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts', 'fidelity');
export const VIEWPORT = { width: 800, height: 600 };
const FONTS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf',
];

/** Every recorded fidelity page (`e2e/fixtures/fidelity-*.html`), by name. */
export const FIDELITY_PAGES = readdirSync(FIXTURES)
  .filter((file) => /^fidelity-.*\.html$/.test(file))
  .map((file) => file.slice(0, -'.html'.length))
  .sort();

/** Vite aliases to rrweb as the player itself depends on it: the same version for both players. */
export function rrwebAliases() {
  const require = createRequire(import.meta.url);
  const player = dirname(require.resolve('@tapedeck/player/package.json'));
  const rrweb = dirname(dirname(createRequire(join(player, 'package.json')).resolve('rrweb')));
  return [
    { find: /^rrweb$/, replacement: join(rrweb, 'dist', 'rrweb.js') },
    { find: /^rrweb\/dist\/style\.css$/, replacement: join(rrweb, 'dist', 'style.css') },
  ];
}

/** Builds the fidelity pages and the replay page (both players) with Vite. */
export async function buildFidelitySite(): Promise<void> {
  await build({
    root: FIXTURES,
    logLevel: 'warn',
    resolve: {
      alias: [...rrwebAliases()],
    },
    build: {
      outDir: SITE_DIR,
      emptyOutDir: true,
      rollupOptions: {
        input: [...FIDELITY_PAGES, 'replay-differential'].map((name) =>
          join(FIXTURES, `${name}.html`),
        ),
      },
    },
  });
  const core = dirname(require.resolve('@tapedeck/core/package.json'));
  copyFileSync(join(core, 'dist', 'worker.js'), join(SITE_DIR, 'tapedeck-worker.js'));
  // A font for the FontFace pages: one of Debian's, as Chromium brings them.
  const font = FONTS.find((path) => existsSync(path));
  if (!font) throw new Error(`The fidelity tests need one of these fonts: ${FONTS.join(', ')}.`);
  copyFileSync(font, join(SITE_DIR, 'fancy.ttf'));
  // Stylesheets the pages @import at run time (Vite would inline them at build time).
  for (const file of readdirSync(FIXTURES).filter((f) => /^fidelity-.*\.css$/.test(f)))
    copyFileSync(join(FIXTURES, file), join(SITE_DIR, file));
  writeFileSync(join(SITE_DIR, 'fidelity-silence.wav'), silence(3));
}

/** A WAV file of `seconds` of silence (8 kHz, 8-bit, mono), for the media page. */
function silence(seconds: number): Buffer {
  const rate = 8000;
  const samples = rate * seconds;
  const wav = Buffer.alloc(44 + samples, 128);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate, 28); // bytes per second
  wav.writeUInt16LE(1, 32); // block align
  wav.writeUInt16LE(8, 34); // bits per sample
  wav.write('data', 36);
  wav.writeUInt32LE(samples, 40);
  return wav;
}

export interface Recording {
  name: string;
  /** Where the player pages fetch it (NDJSON, as the server streams it). */
  eventsUrl: string;
  start: number;
  /** The last event's offset: the recording's last moment. */
  duration: number;
  /** After each step of the page: when (ms from the start), and what the user saw. */
  checkpoints: { at: number; live: PNG }[];
}

type Server = { url: string; token: string; api(path: string): Promise<Response> };

/**
 * Records fidelity page `name` live, taking a screenshot after each of its steps. Nothing is
 * added after the last step, so the recording ends with what the page did last.
 */
export async function recordPage(
  browser: Browser,
  server: Server,
  liveUrl: string,
  name: string,
): Promise<Recording> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const bodies = collectBodies(page);
  const sessionId = await openFixture(page, liveUrl, name, server, {
    maskAllInputs: false,
    flushIntervalMs: 500,
    recordCanvas: true,
  });
  const steps = await page.evaluate(() => (window as never as { steps: unknown[] }).steps.length);
  const shots: { at: number; live: PNG }[] = [];
  for (let i = 0; i < steps; i++) {
    await page.evaluate((n) => (window as never as { steps: (() => void)[] }).steps[n]!(), i);
    // The recorder reports some things a little later (canvas frames at 4 fps, animation
    // starts after 100 ms, scrolls rrweb dropped after 200 ms), with no signal to wait for.
    await page.waitForTimeout(700);
    // A checkpoint before the last is marked in the recording, so that the recording reaches
    // it (time passes for running animations); after the last step nothing is added.
    const at = await page.evaluate(
      (mark) => {
        const now = Date.now();
        if (mark)
          (window as never as { recorder: { capture(name: string): void } }).recorder.capture(
            'fidelity checkpoint',
          );
        return now;
      },
      i < steps - 1,
    );
    // caret: 'initial' — Playwright's caret hiding would be recorded as the page's last change.
    shots.push({ at, live: PNG.sync.read(await page.screenshot({ caret: 'initial' })) });
  }
  // Closed (with its pagehide upload sent), not merely asked to close.
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
  // Stored once the server holds every event the page sent (the last ones on pagehide).
  const sent = () =>
    bodies.reduce((n, body) => n + (JSON.parse(body) as { events: unknown[] }).events.length, 0);
  const events = await waitFor(async () => {
    const all = await sessionEvents(server.api, sessionId);
    return all.length > 0 && all.length >= sent() ? all : undefined;
  }, `the whole recording of ${name}`);
  const times = events.map((e) => e.timestamp);
  const start = Math.min(...times);
  const text = await (await server.api(`/api/sessions/${sessionId}/snapshots`)).text();
  mkdirSync(join(SITE_DIR, 'recordings'), { recursive: true });
  writeFileSync(join(SITE_DIR, 'recordings', `${name}.ndjson`), text);
  return {
    name,
    eventsUrl: `/recordings/${name}.ndjson`,
    start,
    duration: Math.max(...times) - start,
    checkpoints: shots.map((s) => ({ at: s.at - start, live: s.live })),
  };
}

export type PlayerName = 'rrweb' | 'tapedeck';

/** A replay page for `player`, loaded (and opened at `at`, when given). */
export async function openPlayer(
  browser: Browser,
  origin: string,
  recording: Recording,
  player: PlayerName,
  at?: number,
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  page.on('pageerror', (error) => console.error(`${player} replay of ${recording.name}:`, error));
  const query = new URLSearchParams({ events: recording.eventsUrl, player });
  if (at !== undefined) query.set('at', String(at));
  await page.goto(`${origin}/replay-differential.html?${query}`);
  type Fidelity = { fidelity?: { isLoaded: boolean; stage: string } };
  await page
    .waitForFunction(() => (window as never as Fidelity).fidelity?.isLoaded, null, {
      timeout: 30_000,
    })
    .catch(async (error: Error) => {
      const stage = await page.evaluate(() => (window as never as Fidelity).fidelity?.stage);
      throw new Error(`${player} never showed ${recording.name} (waiting for: ${stage})`, {
        cause: error,
      });
    });
  return page;
}

/** The replay's frame now. */
export async function frameImage(page: Page): Promise<PNG> {
  return PNG.sync.read(await page.locator('.replayer-wrapper > iframe').screenshot());
}

/** Seeks the open replay page to `ms` and returns its frame once it has painted. */
export async function seekImage(page: Page, ms: number): Promise<PNG> {
  await page.evaluate(
    (at) =>
      (window as never as { fidelity: { seek(ms: number): Promise<void> } }).fidelity.seek(at),
    ms,
  );
  return frameImage(page);
}

/**
 * Share of identical pixels (pixelmatch, threshold 0.1). Below `keepBelow`, the live image,
 * the replay and the diff are written to `e2e/artifacts/fidelity/` as `<name>-*.png`.
 */
export function compare(live: PNG, replay: PNG, name: string, keepBelow: number): number {
  const { width, height } = live;
  if (replay.width !== width || replay.height !== height) return 0;
  const diff = new PNG({ width, height });
  const changed = pixelmatch(live.data, replay.data, diff.data, width, height, { threshold: 0.1 });
  const identical = 1 - changed / (width * height);
  if (identical < keepBelow && changed > 0) {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `${name}-live.png`), PNG.sync.write(live));
    writeFileSync(join(ARTIFACTS, `${name}-replay.png`), PNG.sync.write(replay));
    writeFileSync(join(ARTIFACTS, `${name}-diff.png`), PNG.sync.write(diff));
  }
  return identical;
}
