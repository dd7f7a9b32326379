import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../scripts/serveStatic.mjs';
import { launchChromium } from './browser.js';
import { buildFixtures, FIXTURES_DIR, openFixture, serveFixtures } from './fixtures.js';
import { type CliServer, startCliServer } from './server.js';
import { sessionEvents, waitFor } from './session.js';

const VIEWPORT = { width: 800, height: 600 };
const MIN_IDENTICAL = 0.995;
const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts', 'fidelity');

interface Checkpoint {
  at: number;
  live: PNG;
}

/** Share of identical pixels (pixelmatch's anti-aliasing-aware comparison). */
function compare(live: PNG, replay: PNG, name: string): number {
  const { width, height } = live;
  if (replay.width !== width || replay.height !== height) return 0;
  const diff = new PNG({ width, height });
  const changed = pixelmatch(live.data, replay.data, diff.data, width, height, { threshold: 0.1 });
  const identical = 1 - changed / (width * height);
  if (identical < MIN_IDENTICAL) {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `${name}-live.png`), PNG.sync.write(live));
    writeFileSync(join(ARTIFACTS, `${name}-replay.png`), PNG.sync.write(replay));
    writeFileSync(join(ARTIFACTS, `${name}-diff.png`), PNG.sync.write(diff));
  }
  return identical;
}

describe('replay fidelity: the replay shows what the user saw, at every checkpoint', () => {
  let server: CliServer;
  let browser: Browser;
  let live: { url: string; close(): Promise<void> };
  let replayOrigin: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    await buildFixtures();
    [server, browser, live, replayOrigin] = await Promise.all([
      startCliServer({ args: ['--no-demo'] }),
      launchChromium(),
      serveFixtures(),
      serveStatic(FIXTURES_DIR), // the same files on another origin: the player's
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await live?.close();
    await replayOrigin?.close();
    await server?.stop();
  });

  /** Records the page live, taking a screenshot after each of its steps. */
  async function record(name: string) {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const sessionId = await openFixture(page, live.url, name, server, {
      maskAllInputs: false,
      flushIntervalMs: 500,
      recordCanvas: true,
    });
    const steps = await page.evaluate(() => (window as never as { steps: unknown[] }).steps.length);
    const checkpoints: Checkpoint[] = [];
    for (let i = 0; i < steps; i++) {
      await page.evaluate((n) => (window as never as { steps: (() => void)[] }).steps[n]!(), i);
      await page.waitForTimeout(700);
      const at = await page.evaluate(() => Date.now());
      checkpoints.push({ at, live: PNG.sync.read(await page.screenshot()) });
      await page.waitForTimeout(300);
    }
    // A last event after every checkpoint, to know when the whole recording is stored.
    await page.evaluate(() =>
      (window as never as { recorder: { capture(name: string): void } }).recorder.capture('done'),
    );
    await page.close({ runBeforeUnload: true });
    const last = checkpoints.at(-1)!.at;
    const events = await waitFor(async () => {
      const all = await sessionEvents(server.api, sessionId);
      return all.some((e) => e.timestamp >= last) ? all : undefined;
    }, 'the whole recording');
    return { sessionId, checkpoints, start: Math.min(...events.map((e) => e.timestamp)) };
  }

  /** Opens the recording in Tapedeck's player, on another origin, at 1:1. */
  async function openReplay(sessionId: string): Promise<Page> {
    const text = await (await server.api(`/api/sessions/${sessionId}/snapshots`)).text();
    mkdirSync(join(FIXTURES_DIR, 'recordings'), { recursive: true });
    writeFileSync(join(FIXTURES_DIR, 'recordings', `${sessionId}.ndjson`), text);
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    await page.goto(`${replayOrigin.url}/replay.html?events=/recordings/${sessionId}.ndjson`);
    // Loaded once the player's duration covers every event of the recording.
    const times = text
      .trim()
      .split('\n')
      .flatMap((line) => (JSON.parse(line) as { events: { timestamp: number }[] }).events)
      .map((e) => e.timestamp);
    const total = Math.max(...times) - Math.min(...times);
    await page.waitForFunction(
      (ms) => {
        const state = (
          window as never as { player: { getSnapshot(): { status: string; duration: number } } }
        ).player.getSnapshot();
        return state.status === 'paused' && state.duration >= ms;
      },
      total,
      { timeout: 30_000 },
    );
    return page;
  }

  async function replayAt(page: Page, ms: number): Promise<PNG> {
    await page.evaluate(
      (at) => (window as never as { player: { seek(ms: number): void } }).player.seek(at),
      ms,
    );
    await page.waitForTimeout(400);
    return PNG.sync.read(await page.locator('.td-player iframe').screenshot());
  }

  /** Every checkpoint of the page, every way round; returns those below the bar. */
  async function check(name: string) {
    const { sessionId, checkpoints, start } = await record(name);
    const replay = await openReplay(sessionId);
    const n = checkpoints.length;
    const forward = [...Array(n).keys()];
    // Played through, then seeking backwards, then a jump forwards from the start.
    const order = [...forward, ...forward.toReversed(), 0, n - 1];
    const results: string[] = [];
    const below: string[] = [];
    for (const [k, i] of order.entries()) {
      const checkpoint = checkpoints[i]!;
      const image = await replayAt(replay, checkpoint.at - start);
      const identical = compare(checkpoint.live, image, `${name}-${k}-checkpoint${i}`);
      const result = `checkpoint ${i}: ${(identical * 100).toFixed(2)} %`;
      results.push(result);
      if (identical < MIN_IDENTICAL) below.push(result);
    }
    await replay.close();
    console.log(`${name}: ${results.join(', ')}`);
    return below;
  }

  it('already works: CSS-in-JS, adopted sheets (also replaced), shadow DOM, iframes, scrolling, forms, SVG, images, lists, details, a modal dialog', async () => {
    expect(await check('fidelity-basics')).toEqual([]);
  });

  it('closes the gaps: canvas, FontFace fonts, a custom element defined late, form.reset(), CSS animations at a seek', async () => {
    expect(await check('fidelity-gaps')).toEqual([]);
  });
});
