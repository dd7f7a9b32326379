import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { buildFixtures, openFixture, serveFixtures } from './fixtures.js';
import { type CliServer, startCliServer } from './server.js';
import { waitFor } from './session.js';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
];
const SCREENS = 'artifacts/screens';
const mmss = (ms: number) =>
  `${Math.floor(ms / 60_000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;

describe('the session page: fits the window, inspects, takes keys', () => {
  let server: CliServer;
  let browser: Browser;
  let fixtures: { url: string; close(): Promise<void> };
  let recorded: string;
  let decoy: string;
  /** The custom events of the recording, in ms from its start. */
  let moments: { name: string; atMs: number }[];

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    [server, browser] = await Promise.all([startCliServer(), launchChromium(), buildFixtures()]);
    fixtures = await serveFixtures();
    // A real recording: a request whose JSON body is recorded, console output, an exception.
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    recorded = await openFixture(page, fixtures.url, 'inspector', server, {
      recordConsole: true,
      recordNetwork: { recordBody: true, recordHeaders: true, networkBodyAllowUrls: ['/api/'] },
    });
    const move = async (from: number) => {
      for (let i = 0; i < 6; i++) await page.mouse.move(from + i * 30, 200 + i * 10);
    };
    await move(100);
    await page.click('#apply');
    await page.getByText('Coupon: 404').waitFor();
    await move(300);
    await page.waitForTimeout(3000); // the recording needs some length to seek in
    await page.click('#pay');
    await move(500);
    await page.waitForTimeout(3000);
    await move(200);
    await page.evaluate(() => (window as never as { recorder: { stop(): void } }).recorder.stop());
    await page.close();
    const api = (path: string) => server.api(path).then((r) => r.json());
    const start = await waitFor(async () => {
      const { events } = (await api(`/api/sessions/${recorded}/events`)) as {
        events: { name: string; timestamp: number }[];
      };
      if (!events.some((e) => e.name === '$exception')) return undefined;
      const { startTime } = (await api(`/api/sessions/${recorded}`)) as { startTime: number };
      moments = events.map((e) => ({ name: e.name, atMs: e.timestamp - startTime }));
      return startTime;
    }, 'the exception to reach the server');
    expect(start).toBeGreaterThan(0);
    const imported = await server.api('/api/sessions/import', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(decoyRecording(Date.now() - 120_000)),
    });
    decoy = ((await imported.json()) as { sessionId: string }).sessionId;
  });

  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
    await server?.stop();
  });

  const time = (page: Page) => page.locator('.td-player-time').textContent();
  // One browser profile throughout: what was watched is kept in its localStorage.
  let context: BrowserContext;
  const open = async (size: { width: number; height: number }, hash: string) => {
    context ??= await browser.newContext();
    const page = await context.newPage();
    await page.setViewportSize(size);
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await page.goto(`${server.url}/#${hash}`);
    return page;
  };

  for (const size of SIZES)
    it(`fits ${size.width}×${size.height}: controls and inspector in view, no page scroll`, async () => {
      const page = await open(size, `/sessions/${recorded}`);
      await page.locator('.td-player[data-status="paused"]').waitFor();
      for (const part of ['.td-player-controls', '.inspector', '.td-player-stage']) {
        const box = (await page.locator(part).boundingBox())!;
        expect(box, part).not.toBeNull();
        expect(box.y + box.height, `${part} bottom`).toBeLessThanOrEqual(size.height);
        expect(box.x + box.width, `${part} right`).toBeLessThanOrEqual(size.width);
        expect(box.height, `${part} height`).toBeGreaterThan(20);
      }
      const scroll = await page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        width: document.documentElement.scrollWidth,
      }));
      expect(scroll).toEqual({ height: size.height, width: size.width });
      // The replay is scaled into the stage, keeping its aspect ratio (1000×700 recorded).
      const stage = (await page.locator('.td-player-stage').boundingBox())!;
      const frame = (await page.locator('.replayer-wrapper > iframe').boundingBox())!;
      expect(frame.width).toBeLessThanOrEqual(stage.width + 1);
      expect(frame.height).toBeLessThanOrEqual(stage.height + 1);
      expect(frame.width / frame.height).toBeCloseTo(1000 / 700, 1);
      await page.screenshot({ path: `${SCREENS}/session-${size.width}x${size.height}.png` });
      // A smaller window: the replay shrinks with it.
      await page.setViewportSize({ width: size.width - 200, height: size.height - 100 });
      await expect
        .poll(async () => (await page.locator('.replayer-wrapper > iframe').boundingBox())!.width)
        .toBeLessThan(frame.width);
      await page.close();
    });

  it('lists events with the stack of an exception, seeks on click, shows the request body', async () => {
    const page = await open(SIZES[0]!, `/sessions/${recorded}`);
    await page.locator('.td-player[data-status="paused"]').waitFor();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    const error = inspector.locator('.event-error');
    await expect
      .poll(() => error.locator('.label').textContent())
      .toBe('Error: card declined for 42');
    // The stack as recorded (of a minified build here): the frames, with their files.
    expect(await error.locator('.stack').textContent()).toMatch(
      /^Error: card declined for 42\n\s+at .+inspector-.+\.js:\d+:\d+/,
    );
    // Clicking an event goes to its moment.
    const checkout = moments.find((m) => m.name === 'checkout_started')!;
    await inspector.getByRole('button', { name: /checkout_started/ }).click();
    await expect.poll(() => time(page)).toMatch(new RegExp(`^${mmss(checkout.atMs)} /`));
    expect(await inspector.locator('.event[aria-current="true"] .label').textContent()).toBe(
      'checkout_started',
    );
    // Filtered to errors, only the exception is left.
    await inspector.getByRole('button', { name: /^Errors/ }).click();
    expect(await inspector.locator('.event').count()).toBe(1);

    await inspector.getByRole('tab', { name: 'Console' }).click();
    await expect
      .poll(() => inspector.locator('.td-player-console').textContent())
      .toContain('applying coupon SPRING24');
    await inspector.getByRole('tab', { name: 'Network' }).click();
    const request = inspector.getByRole('button', { name: /\/api\/coupon$/ });
    await request.click();
    const detail = inspector.getByRole('region', { name: 'Request detail' });
    await expect
      .poll(() => detail.locator('pre').first().textContent())
      .toBe('{\n  "coupon": "SPRING24",\n  "quantity": 2\n}');
    expect(await detail.textContent()).toMatch(/POST 404[\s\S]*\/api\/coupon[\s\S]*content-type/);
    // The request's row: highlighted once playback has passed it, with a bar on the waterfall.
    expect(
      await inspector.locator('tr[aria-current="true"] .td-network-open').textContent(),
    ).toMatch(/\/api\/coupon$/);
    expect(await inspector.locator('.td-network-bar').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENS}/session-network-1280x800.png` });
    await page.close();
  });

  it('takes keyboard shortcuts, but not while typing', async () => {
    const page = await open(SIZES[1]!, `/sessions/${recorded}`);
    const player = page.locator('.td-player');
    await page.locator('.td-player[data-status="paused"]').waitFor();
    await page.locator('.session-title h1').click(); // the focus on the page, not the player
    await page.keyboard.press(' ');
    await expect.poll(() => player.getAttribute('data-status')).toBe('playing');
    await page.keyboard.press(' ');
    await expect.poll(() => player.getAttribute('data-status')).toBe('paused');
    // Shift+← goes 10 s back (to the start here), → 5 s on and ← back.
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => time(page)).toMatch(/^0:00 \//);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => time(page)).toMatch(/^0:05 \//);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => time(page)).toMatch(/^0:00 \//);
    // n: the next event after now (past the page view at 0:00); the events the session page
    // does not list (Web Vitals are the player's own markers) are not stepped through.
    const unlisted = /^\$(session_|web_vitals|identify|route)/;
    const next = moments
      .filter((m) => m.atMs > 500 && !unlisted.test(m.name))
      .sort((a, b) => a.atMs - b.atMs)[0]!;
    await page.keyboard.press('n');
    await expect.poll(() => time(page)).toMatch(new RegExp(`^${mmss(next.atMs)} /`));
    // Speeds and skipping.
    await page.keyboard.press('3');
    expect(await page.locator('.td-player-speed').inputValue()).toBe('4');
    await page.keyboard.press('<');
    expect(await page.locator('.td-player-speed').inputValue()).toBe('2');
    const skip = page.locator('.td-player-skip');
    const skipping = await skip.isChecked();
    await page.keyboard.press('s');
    expect(await skip.isChecked()).toBe(!skipping);
    // ?: the help overlay, Escape closes it.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Next or previous event');
    await page.screenshot({ path: `${SCREENS}/shortcuts-1440x900.png` });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    // Typed into a field, keys are text.
    const comment = page.getByLabel('Comment', { exact: true });
    await comment.click();
    await page.keyboard.type('n p ?');
    expect(await comment.inputValue()).toBe('n p ?');
    expect(await player.getAttribute('data-status')).toBe('paused');
    expect(await help.count()).toBe(0);
    await page.close();
  });

  it('marks the recordings watched in this browser in the list', async () => {
    for (const size of SIZES) {
      const page = await open(size, '/');
      const row = (id: string) => page.locator(`tr[data-session-id="${id}"]`);
      await row(decoy).waitFor();
      await expect.poll(() => row(recorded).getAttribute('class')).toBe('watched');
      expect(await row(recorded).textContent()).toContain('Watched');
      expect(await row(decoy).getAttribute('class')).toBe('unwatched');
      await page.screenshot({ path: `${SCREENS}/list-${size.width}x${size.height}.png` });
      await page.goto(`${server.url}/#/settings`);
      await page.getByText('Sessions per day').waitFor();
      expect(await page.locator('.chart svg rect.bar').count()).toBeGreaterThan(0);
      await page.screenshot({
        path: `${SCREENS}/settings-${size.width}x${size.height}.png`,
        fullPage: true,
      });
      await page.close();
    }
  });
});

/** A short imported recording, never opened: the list shows it unwatched. */
function decoyRecording(start: number) {
  return [
    { type: 4, timestamp: start, data: { href: 'https://shop.example/', width: 800, height: 600 } },
    {
      type: 2,
      timestamp: start + 1,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [{ type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [] }],
        },
        initialOffset: { top: 0, left: 0 },
      },
    },
    {
      type: 3,
      timestamp: start + 3000,
      data: { source: 1, positions: [{ x: 1, y: 1, id: 2, timeOffset: 0 }] },
    },
  ];
}
