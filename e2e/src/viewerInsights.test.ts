// The viewer's Errors and Web Vitals pages, used as a person would: an error group opens its
// session at the moment of the error, and a poor vital is a marker on the player's timeline.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { type CliServer, startCliServer } from './server.js';

const URL = 'https://shop.example/checkout';

/** A 20-second recording of one page, with the given custom events. */
function recording(start: number, extra: object[]) {
  const node = (id: number, tagName: string, childNodes: object[] = []) => ({
    type: 2,
    tagName,
    attributes: {},
    childNodes,
    id,
  });
  return [
    { type: 4, timestamp: start, data: { href: URL, width: 800, height: 600 } },
    {
      type: 2,
      timestamp: start + 1,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            node(2, 'html', [
              node(3, 'head'),
              node(4, 'body', [{ type: 3, textContent: 'Pay', id: 5 }]),
            ]),
          ],
        },
        initialOffset: { top: 0, left: 0 },
      },
    },
    ...Array.from({ length: 20 }, (_, i) => ({
      type: 3,
      timestamp: start + 1000 * (i + 1),
      data: { source: 1, positions: [{ x: 10 * i, y: 10, id: 4, timeOffset: 0 }] },
    })),
    ...extra,
  ];
}
const custom = (timestamp: number, tag: string, payload: object) => ({
  type: 5,
  timestamp,
  data: { tag, payload },
});

describe('the viewer’s Errors and Web Vitals pages', () => {
  let server: CliServer;
  let browser: Browser;
  let sessionId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startCliServer(), launchChromium()]);
    const start = Date.now() - 60_000;
    const response = await server.api('/api/sessions/import', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        recording(start, [
          custom(start + 2000, '$web_vitals', {
            name: 'INP',
            value: 640,
            rating: 'poor',
            id: 'v6-1-1',
            url: URL,
            element: 'button#pay',
          }),
          custom(start + 11_000, '$exception', {
            type: 'TypeError',
            message: 'cart 42 is undefined',
            stack: 'TypeError: cart 42 is undefined\n    at pay (https://shop.example/app.js:1:20)',
          }),
        ]),
      ),
    });
    sessionId = ((await response.json()) as { sessionId: string }).sessionId;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the error group, and opens its session at the error', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await page.getByRole('link', { name: 'Errors' }).click();
    const group = page.getByRole('link', { name: 'TypeError: cart <n> is undefined' });
    await group.click();
    await page.getByText('pay https://shop.example/app.js:1:20').waitFor();
    await page.locator(`a[href^="#/sessions/${sessionId}?t="]`).click();
    await expect.poll(() => page.locator('.td-player-time').textContent()).toMatch(/^0:1[01] \//);
    // The poor INP is a marker on the timeline, naming its element.
    await page.getByRole('button', { name: /INP 640 ms \(poor\) on button#pay at 0:02/ }).waitFor();
    await page.close();
  });

  it('shows each URL’s p75 on the Web Vitals page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await page.getByRole('link', { name: 'Web Vitals' }).click();
    const row = page.locator('table.vitals tbody tr');
    await expect.poll(() => row.textContent()).toContain('shop.example/checkout');
    expect(await row.locator('td.vital-poor').textContent()).toBe('640 ms');
    await page.close();
  });
});
