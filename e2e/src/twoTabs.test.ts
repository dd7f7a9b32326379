import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../scripts/serveStatic.mjs';
import { launchChromium } from './browser.js';
import {
  buildFidelitySite,
  compare,
  frameImage,
  openPlayer,
  type Recording,
  rrwebAliases,
  SITE_DIR,
  seekImage,
  VIEWPORT,
} from './fidelityKit.js';
import { openFixture } from './fixtures.js';
import { type CliServer, startCliServer } from './server.js';
import { collectBodies, type ReplayEvent, waitFor } from './session.js';

// Issue #21: one visitor, two tabs, one session. The recorder keeps the session id across the
// tabs and a window id per tab; the player replays each window from its own full snapshot and
// stream, shows the window the user was acting in, says which one and lets you pick the other.

// ───────────────────────────── ADAPTER (for the builder to adjust) ─────────────────────────────
/**
 * The player's window controls, as the replay page (`replay-differential.html`) shows them.
 * Guessed from the issue: one element per window in the player's controls with
 * `data-window-id`, the one on screen marked `aria-current="true"`, a click on one picks it.
 * Adjust these three to the player as built; nothing else in this file knows the shape. (The
 * replay page does not expose the player itself; were it to, `getSnapshot().windows`/`windowId`
 * and `showWindow(id)` would do as well.)
 */
function windowControls(page: Page) {
  const each = '.td-player [data-window-id]';
  return {
    /** The window ids the player offers. */
    list: (): Promise<string[]> =>
      page.$$eval(each, (els) => els.map((el) => el.getAttribute('data-window-id') ?? '')),
    /** The window the player says is on screen, or null when it says none. */
    current: (): Promise<string | null> =>
      page.evaluate(
        (selector) =>
          document
            .querySelector(`${selector}[aria-current="true"]`)
            ?.getAttribute('data-window-id') ?? null,
        each,
      ),
    /** Picks window `id`, as a user of the player would. */
    pick: (id: string): Promise<void> =>
      page.locator(`.td-player [data-window-id="${id}"]`).first().click({ timeout: 5_000 }),
  };
}
// ────────────────────────────────────────────────────────────────────────────────────────────────

/** The fidelity suite's bar: share of identical pixels between the replay and the live page. */
const MIN_IDENTICAL = 0.995;
const NAME = 'two-tabs';
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

type Tab = { page: Page; sessionId: string; windowId: string; bodies: string[] };
/** A moment the user acted: when (ms since the epoch), in which window, what each tab showed. */
type Checkpoint = { at: number; windowId: string; live: Map<string, PNG> };
type Chunk = { sessionId: string; windowId: string; seq: number; events: ReplayEvent[] };

/** The fidelity site (recorder pages, worker, replay page), then this page into it. */
async function buildSite(): Promise<void> {
  await buildFidelitySite();
  await build({
    root: FIXTURES,
    logLevel: 'warn',
    resolve: { alias: rrwebAliases() },
    build: {
      outDir: SITE_DIR,
      emptyOutDir: false,
      rollupOptions: { input: [join(FIXTURES, `${NAME}.html`)] },
    },
  });
}

type Server = { api(path: string): Promise<Response> };

/** The stored chunks of a session, as the snapshot API streams them (one per line). */
async function storedChunks(server: Server, sessionId: string): Promise<Chunk[]> {
  const response = await server.api(`/api/sessions/${sessionId}/snapshots`);
  if (response.status === 404) return [];
  const text = await response.text();
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Chunk);
}

const percent = (share: number) => `${(share * 100).toFixed(2)} %`;

describe('two tabs of one visitor: each window replays its own content, where the user acted', () => {
  let server: CliServer;
  let browser: Browser;
  let live: { url: string; close(): Promise<void> };
  let replayOrigin: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    await buildSite();
    [server, browser, live, replayOrigin] = await Promise.all([
      startCliServer({ args: ['--no-demo'] }),
      launchChromium(),
      serveStatic(SITE_DIR),
      serveStatic(SITE_DIR), // the same files on another origin: the player's
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await live?.close();
    await replayOrigin?.close();
    await server?.stop();
  });

  it('types in tab 1, then tab 2, clicks in tab 1: the replay follows and shows each', async () => {
    // One context: the tabs share localStorage (one session) and each has its sessionStorage.
    const context = await browser.newContext({ viewport: VIEWPORT });
    const tabs: Tab[] = [];
    async function openTab(): Promise<Tab> {
      const page = await context.newPage();
      const bodies = collectBodies(page);
      const sessionId = await openFixture(page, live.url, NAME, server, {
        maskAllInputs: false,
        flushIntervalMs: 500,
      });
      const windowId = await page.evaluate(
        () =>
          (
            window as never as { recorder: { getSnapshot(): { windowId: string | null } } }
          ).recorder.getSnapshot().windowId ?? '',
      );
      const tab = { page, sessionId, windowId, bodies };
      tabs.push(tab);
      return tab;
    }
    const checkpoints: Checkpoint[] = [];
    /** Marks the moment in the acting tab's recording and screenshots every open tab. */
    async function checkpoint(acting: Tab): Promise<void> {
      const at = await acting.page.evaluate(() => {
        const now = Date.now();
        (window as never as { recorder: { capture(name: string): void } }).recorder.capture(
          'two-tabs checkpoint',
        );
        return now;
      });
      const shots = new Map<string, PNG>();
      // caret: 'initial' — Playwright's caret hiding would be recorded as the page's change.
      for (const tab of tabs)
        shots.set(tab.windowId, PNG.sync.read(await tab.page.screenshot({ caret: 'initial' })));
      checkpoints.push({ at, windowId: acting.windowId, live: shots });
    }

    // The user: types in tab 1, opens tab 2 and types something else, goes back and sends.
    const one = await openTab();
    await one.page.locator('#text').pressSequentially('left tab text');
    await checkpoint(one);
    const two = await openTab();
    await two.page.locator('#text').pressSequentially('the right tab says otherwise');
    await checkpoint(two);
    await one.page.bringToFront();
    await one.page.locator('#send').click();
    await checkpoint(one);

    // Both tabs closed (their pagehide uploads sent), then everything they sent is stored.
    for (const tab of tabs) {
      const closed = tab.page.waitForEvent('close');
      await tab.page.close({ runBeforeUnload: true });
      await closed;
    }
    await context.close();
    expect(two.sessionId, 'the second tab joins the first tab’s session').toBe(one.sessionId);
    expect(two.windowId, 'each tab has its own window id').not.toBe(one.windowId);
    const sessionId = one.sessionId;
    const sent = (tab: Tab) =>
      tab.bodies.reduce((n, body) => n + (JSON.parse(body) as Chunk).events.length, 0);
    const chunks = await waitFor(async () => {
      const all = await storedChunks(server, sessionId);
      const stored = (tab: Tab) =>
        all.filter((c) => c.windowId === tab.windowId).reduce((n, c) => n + c.events.length, 0);
      return tabs.every((tab) => sent(tab) > 0 && stored(tab) >= sent(tab)) ? all : undefined;
    }, 'both tabs’ recordings stored under one session');

    // The snapshot API: one session id, both windows, each with its own full snapshot.
    expect(new Set(chunks.map((c) => c.sessionId))).toEqual(new Set([sessionId]));
    expect(new Set(chunks.map((c) => c.windowId))).toEqual(new Set([one.windowId, two.windowId]));
    for (const tab of tabs)
      expect(
        chunks.some((c) => c.windowId === tab.windowId && c.events.some((e) => e.type === 2)),
        `window ${tab.windowId} has a full snapshot of its own`,
      ).toBe(true);

    // The recording, as the fidelity suite hands it to the player (the server's NDJSON).
    const text = await (await server.api(`/api/sessions/${sessionId}/snapshots`)).text();
    mkdirSync(join(SITE_DIR, 'recordings'), { recursive: true });
    writeFileSync(join(SITE_DIR, 'recordings', `${NAME}.ndjson`), text);
    const times = chunks.flatMap((c) => c.events.map((e) => e.timestamp));
    const start = Math.min(...times);
    const recording: Recording = {
      name: NAME,
      eventsUrl: `/recordings/${NAME}.ndjson`,
      start,
      duration: Math.max(...times) - start,
      checkpoints: checkpoints.map((c) => ({ at: c.at - start, live: c.live.get(c.windowId)! })),
    };

    const label = (id: string | null) =>
      id === one.windowId ? 'tab 1' : id === two.windowId ? 'tab 2' : `${id ?? 'no window'}`;
    const problems: string[] = [];
    const player = await openPlayer(browser, replayOrigin.url, recording, 'tapedeck');
    const windows = windowControls(player);
    const offered = await windows.list();
    if (offered.length !== 2 || !tabs.every((tab) => offered.includes(tab.windowId)))
      problems.push(
        `the player offers windows [${offered.map(label).join(', ')}], not tab 1, tab 2`,
      );

    // At each checkpoint, the window the user acted in, as they saw it.
    for (const [i, c] of checkpoints.entries()) {
      const shot = await seekImage(player, c.at - start);
      const identical = compare(c.live.get(c.windowId)!, shot, `${NAME}-${i}`, MIN_IDENTICAL);
      const where = `checkpoint ${i} (the user in ${label(c.windowId)})`;
      if (identical < MIN_IDENTICAL)
        problems.push(`${where}: ${percent(identical)} identical to ${label(c.windowId)}`);
      const onScreen = await windows.current();
      if (onScreen !== c.windowId) problems.push(`${where}: the player says ${label(onScreen)}`);
    }

    // Picking the other window at the last checkpoint shows it, as it was then.
    const last = checkpoints.at(-1)!;
    if (offered.includes(two.windowId)) {
      await windows.pick(two.windowId);
      const expected = last.live.get(two.windowId)!;
      // The frame is repainted once the pick is applied: looked at until it is, or 10 s.
      const shows = async () =>
        compare(expected, await frameImage(player), `${NAME}-picked`, 0) >= MIN_IDENTICAL;
      await waitFor(async () => ((await shows()) ? true : undefined), 'the pick', 10_000).catch(
        () => undefined,
      );
      const identical = compare(
        expected,
        await frameImage(player),
        `${NAME}-picked`,
        MIN_IDENTICAL,
      );
      if (identical < MIN_IDENTICAL)
        problems.push(`picking tab 2: ${percent(identical)} identical to tab 2`);
      const onScreen = await windows.current();
      if (onScreen !== two.windowId)
        problems.push(`picking tab 2: the player says ${label(onScreen)}`);
    } else problems.push('picking tab 2: the player has no control for it');
    await player.close();

    expect(problems).toEqual([]);
  });
});
