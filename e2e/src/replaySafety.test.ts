import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { type CliServer, startCliServer } from './server.js';

describe('replay safety', () => {
  let server: CliServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startCliServer(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('never runs a recorded <script> or an inline onerror handler', async () => {
    // A hostile recording: a script and an onerror handler that would mark the viewer.
    const attack = "try{parent.document.title='pwned'}catch(e){};document.title='pwned'";
    const start = Date.now() - 30_000;
    const el = (
      id: number,
      tagName: string,
      attributes: Record<string, string>,
      childNodes: object[] = [],
    ) => ({
      type: 2,
      tagName,
      attributes,
      childNodes,
      id,
    });
    const events = [
      {
        type: 4,
        timestamp: start,
        data: { href: 'https://evil.example/', width: 800, height: 600 },
      },
      {
        type: 2,
        timestamp: start + 1,
        data: {
          node: {
            type: 0,
            id: 1,
            childNodes: [
              el(2, 'html', {}, [
                el(3, 'head', {}, [el(4, 'script', {}, [{ type: 3, textContent: attack, id: 5 }])]),
                el(6, 'body', {}, [
                  { type: 3, textContent: 'innocent page', id: 7 },
                  el(8, 'img', { src: 'data:,broken', onerror: attack }),
                  el(9, 'img', { src: `javascript:${attack}` }),
                ]),
              ]),
            ],
          },
          initialOffset: { top: 0, left: 0 },
        },
      },
      {
        type: 3,
        timestamp: start + 2000,
        data: { source: 1, positions: [{ x: 1, y: 1, id: 6, timeOffset: 0 }] },
      },
    ];
    const res = await server.api('/api/sessions/import', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(events),
    });
    const { sessionId } = (await res.json()) as { sessionId: string };

    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => consoleErrors.push(m.text()));
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await page.goto(`${server.url}/#/sessions/${sessionId}`);
    const play = page.getByRole('button', { name: 'Play' });
    await expect.poll(() => play.isEnabled(), { timeout: 20_000 }).toBe(true);
    await play.click();
    await page.locator('.td-player[data-status="finished"]').waitFor({ timeout: 30_000 });
    const frame = page.frameLocator('.td-player iframe');
    expect(await frame.locator('body').textContent()).toContain('innocent page');
    expect(await page.title()).toBe('Tapedeck');
    expect(await frame.locator('html').evaluate((html) => html.ownerDocument.title)).not.toBe(
      'pwned',
    );
    expect(await page.locator('.td-player iframe').getAttribute('sandbox')).toBe(
      'allow-same-origin',
    );
    await page.close();
  });
});
