import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { type CliServer, startCliServer } from './server.js';

/** A tab opened at `start` showing `text`, the user clicking in it at `clicks` (ms from start). */
function tab(start: number, text: string, clicks: number[], end: number) {
  const node = (id: number, tagName: string, childNodes: object[] = []) => ({
    type: 2,
    tagName,
    attributes: {},
    childNodes,
    id,
  });
  return [
    { type: 4, timestamp: start, data: { href: 'https://shop.example/', width: 800, height: 600 } },
    {
      type: 2,
      timestamp: start + 1,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            node(3, 'html', [
              node(4, 'head'),
              node(5, 'body', [{ type: 3, textContent: text, id: 6 }]),
            ]),
          ],
        },
        initialOffset: { top: 0, left: 0 },
      },
    },
    ...clicks.map((t) => ({
      type: 3,
      timestamp: start + t,
      data: { source: 2, type: 2, id: 5, x: 10, y: 10 },
    })),
    {
      type: 3,
      timestamp: end,
      data: { source: 1, positions: [{ x: 1, y: 1, id: 5, timeOffset: 0 }] },
    },
  ];
}

describe('the viewer, a recording made in two tabs', () => {
  let server: CliServer;
  let browser: Browser;
  let sessionId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startCliServer(), launchChromium()]);
    const start = Date.now() - 60_000;
    const res = await server.api('/api/sessions/import', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        windows: [
          { windowId: 'tab-one', events: tab(start, 'Basket page', [1000], start + 20_000) },
          { windowId: 'tab-two', events: tab(start + 5000, 'Help page', [2000], start + 20_000) },
        ],
      }),
    });
    expect(res.status).toBe(201);
    sessionId = ((await res.json()) as { sessionId: string }).sessionId;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says which tab is on screen, follows the user, and keeps a picked tab', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await page.goto(`${server.url}/#/sessions/${sessionId}?t=3`);
    const tabs = page.getByRole('complementary', { name: 'Tabs of this recording' });
    const frameText = () =>
      page.locator('.replayer-wrapper > iframe').contentFrame().locator('body').textContent();
    await expect.poll(() => tabs.textContent()).toContain('Tab 1 of 2 on screen');
    await expect.poll(frameText).toBe('Basket page');
    // At 0:08 the user is in the second tab (they clicked there at 0:07).
    await page.locator('.td-player').press('ArrowRight');
    await expect.poll(() => tabs.textContent()).toContain('Tab 2 of 2 on screen');
    await expect.poll(frameText).toBe('Help page');
    // The player's own picker stays out: the viewer has this one.
    expect(await page.locator('.td-player [data-window-id]').count()).toBe(0);
    expect(await page.locator('.td-player-lane').count()).toBe(2);

    await tabs.getByRole('button', { name: 'Tab 1' }).click();
    await expect.poll(frameText).toBe('Basket page');
    expect(await tabs.getByRole('button', { name: 'Tab 1' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await tabs.getByLabel("Follow the user's activity").isChecked()).toBe(false);
    await tabs.getByLabel("Follow the user's activity").check();
    await expect.poll(frameText).toBe('Help page');
    await page.screenshot({ path: 'artifacts/viewer-tabs.png' });
    await page.close();
  });

  it('while playing, moves to the tab the user went to', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await page.goto(`${server.url}/#/sessions/${sessionId}?t=5`);
    const tabs = page.getByRole('complementary', { name: 'Tabs of this recording' });
    await expect.poll(() => tabs.textContent()).toContain('Tab 1 of 2 on screen');
    await page.getByRole('button', { name: 'Play' }).click();
    // The user clicks in the second tab at 0:07.
    await expect
      .poll(() => tabs.textContent(), { timeout: 15_000 })
      .toContain('Tab 2 of 2 on screen');
    const frameText = () =>
      page.locator('.replayer-wrapper > iframe').contentFrame().locator('body').textContent();
    await expect.poll(frameText).toBe('Help page');
    // It plays on in that tab, to the end.
    await page.locator('.td-player[data-status="finished"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.td-player-time').textContent()).toBe('0:20 / 0:20');
    await page.close();
  });
});
