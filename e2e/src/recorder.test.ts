import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { buildFixtures, openFixture, serveFixtures } from './fixtures.js';
import { type CliServer, startCliServer, storedChunkTexts } from './server.js';
import { collectBodies, customEvents, sessionEvents, untilSent, waitFor } from './session.js';

describe('the recorder in Chromium', () => {
  let server: CliServer;
  let browser: Browser;
  let fixtures: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    await buildFixtures();
    [server, browser, fixtures] = await Promise.all([
      startCliServer(),
      launchChromium(),
      serveFixtures(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
    await server?.stop();
  });

  async function open(name: string, options: Record<string, unknown> = {}) {
    const page = await browser.newPage();
    await openFixture(page, fixtures.url, name, server, options);
    return page;
  }

  const sessionIdOf = (page: Page) =>
    page.evaluate(() =>
      (window as never as { recorder: { getSessionId(): string } }).recorder.getSessionId(),
    );

  it.each(['default', 'strict'] as const)(
    'sends no canary from the privacy page (privacy: %s)',
    async (privacy) => {
      const page = await open('privacy', { privacy, flushIntervalMs: 500 });
      const bodies = collectBodies(page);
      const sessionId = await sessionIdOf(page);
      const typeable = page.locator('input:not([type=hidden]):not([type=color]):not([type=date])');
      for (let i = 0; i < (await typeable.count()); i++) {
        const input = typeable.nth(i);
        const type = await input.getAttribute('type');
        await input.fill('');
        await input.pressSequentially(type === 'number' ? '8675309123' : `canary-typed-${i}`);
      }
      await page.locator('input[type=date]').fill('2024-01-02');
      await page.locator('input[type=color]').fill('#123456');
      await page.locator('textarea').fill('canary-typed-textarea');
      await page.locator('select').selectOption('second');
      await page.locator('[contenteditable]').pressSequentially(' canary-typed-editable');
      await page.locator('#log').click();
      await waitFor(
        async () => (bodies.join().includes('"source":5') ? true : undefined),
        'the typing',
      );
      await page.close({ runBeforeUnload: true });
      const stored = await waitFor(async () => {
        const events = await sessionEvents(server.api, sessionId);
        return events.length > 0 ? JSON.stringify(events) : undefined;
      }, 'the stored session');

      const everything = [
        bodies.join('\n'),
        stored,
        storedChunkTexts(server.dataDir).join('\n'),
      ].join('\n');
      expect(everything).toContain('control-visible-string');
      expect(everything.match(/canary[-\w@.]*/g)).toBeNull();
      expect(everything).not.toContain('8675309123'); // long enough not to occur in ids or times
      expect(everything).not.toContain('2024-01-02');
      expect(everything).not.toContain('#123456');
    },
  );

  it('compresses in a worker, and loses nothing while the server is unreachable', async () => {
    const page = await browser.newPage();
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    let down = true;
    const gzipped: boolean[] = [];
    await page.route('**/s/?**', async (route) => {
      if (down) return route.abort('connectionrefused');
      const body = route.request().postDataBuffer();
      gzipped.push(body?.[0] === 0x1f && body[1] === 0x8b);
      return route.continue();
    });
    const query = new URLSearchParams({
      host: server.url,
      token: server.token,
      options: JSON.stringify({ flushIntervalMs: 300 }),
    });
    await page.goto(`${fixtures.url}/capture.html?${query}`);
    const sessionId = await sessionIdOf(page);
    for (let i = 0; i < 5; i++) {
      await page.locator('#works').click();
      await page.waitForTimeout(300);
    }
    down = false;
    await waitFor(async () => {
      const events = await sessionEvents(server.api, sessionId);
      const lines = JSON.stringify(events).match(/line added/g)?.length ?? 0;
      return lines >= 5 ? true : undefined;
    }, 'every added line, after the outage');
    const chunks = (await (await server.api(`/api/sessions/${sessionId}`)).json()) as {
      chunkCount: number;
    };
    expect(chunks.chunkCount).toBeGreaterThan(1);
    expect(workers.some((url) => url.startsWith('blob:'))).toBe(true);
    expect(gzipped.length).toBeGreaterThan(0);
    expect(gzipped.every(Boolean)).toBe(true);
    await page.close();
  });

  it('falls back to compressing on the page when CSP forbids blob: workers, or uses workerUrl', async () => {
    const blocked = await open('csp', { flushIntervalMs: 300 });
    const sessionId = await sessionIdOf(blocked);
    await waitFor(
      async () => ((await sessionEvents(server.api, sessionId)).length ? true : undefined),
      'the CSP page',
    );
    await blocked.close();

    const page = await browser.newPage();
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    const options = { flushIntervalMs: 300, workerUrl: `${fixtures.url}/tapedeck-worker.js` };
    const query = new URLSearchParams({
      host: server.url,
      token: server.token,
      options: JSON.stringify(options),
    });
    await page.goto(`${fixtures.url}/csp.html?${query}`);
    const second = await sessionIdOf(page);
    await waitFor(
      async () => ((await sessionEvents(server.api, second)).length ? true : undefined),
      'the workerUrl page',
    );
    expect(workers).toContain(`${fixtures.url}/tapedeck-worker.js`);
    await page.close();
  });

  it('sends the tail on pagehide, before the next flush would have', async () => {
    const page = await open('capture', { flushIntervalMs: 60_000 });
    const sessionId = await sessionIdOf(page);
    await page.locator('#works').click();
    await page.goto('about:blank');
    await waitFor(
      async () => {
        const events = await sessionEvents(server.api, sessionId);
        return JSON.stringify(events).includes('line added') ? true : undefined;
      },
      'the tail sent on pagehide',
      10_000,
    );
    await page.close();
  });

  it('detects rage clicks and dead clicks, and not on a button that works', async () => {
    const page = await open('capture', { flushIntervalMs: 300 });
    const bodies = collectBodies(page);
    const sessionId = await sessionIdOf(page);
    await page.locator('#rage').click({ clickCount: 1 });
    await page.locator('#rage').click({ delay: 50 });
    await page.locator('#rage').click({ delay: 50 });
    await untilSent(bodies, '"$dead_click","payload":{"selector":"button#rage"'); // dead too
    await page.locator('#decoy').click();
    await untilSent(bodies, '"$dead_click","payload":{"selector":"button#decoy"');
    await page.locator('#works').click();
    await page.waitForTimeout(2600); // time for a dead click on #works, which must not come
    const signals = await waitFor(async () => {
      const events = await customEvents(server.api, sessionId);
      const found = events.filter((e) => e.tag === '$rageclick' || e.tag === '$dead_click');
      return found.some((e) => e.payload?.selector === 'button#decoy') ? found : undefined;
    }, 'the signals');
    expect(signals.filter((e) => e.tag === '$rageclick')).toEqual([
      { tag: '$rageclick', payload: { selector: 'button#rage', text: 'Apply coupon', clicks: 3 } },
    ]);
    const dead = signals.filter((e) => e.tag === '$dead_click').map((e) => e.payload?.selector);
    expect(dead).toContain('button#decoy');
    expect(dead).not.toContain('button#works');
    await page.close();
  });

  it('records canvas frames only when asked', async () => {
    const canvasFrames = async (options: Record<string, unknown>) => {
      const page = await open('capture', { flushIntervalMs: 300, ...options });
      const sessionId = await sessionIdOf(page);
      await page.waitForTimeout(1500);
      await page.close({ runBeforeUnload: true });
      const events = await waitFor(async () => {
        const all = await sessionEvents(server.api, sessionId);
        return all.length ? all : undefined;
      }, 'the recording');
      // rrweb: IncrementalSnapshot (3) from source CanvasMutation (9).
      return events.filter((e) => e.type === 3 && e.data.source === 9).length;
    };
    expect(await canvasFrames({})).toBe(0);
    expect(await canvasFrames({ recordCanvas: { fps: 4, quality: 0.5 } })).toBeGreaterThan(1);
  });

  it('replays shadow DOM, iframes and CSS-in-JS as they were', async () => {
    const page = await open('capture', { flushIntervalMs: 300 });
    const sessionId = await sessionIdOf(page);
    await page.waitForTimeout(800);
    await page.locator('#works').click();
    await page.close({ runBeforeUnload: true });
    await waitFor(async () => {
      const events = await sessionEvents(server.api, sessionId);
      return JSON.stringify(events).includes('line added') ? true : undefined;
    }, 'the recording');

    const viewer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await viewer.goto(`${server.url}/#key=${server.adminKey}`);
    await viewer.goto(`${server.url}/#/sessions/${sessionId}`);
    const play = viewer.getByRole('button', { name: 'Play' });
    await expect.poll(() => play.isEnabled(), { timeout: 20_000 }).toBe(true);
    await play.click();
    await viewer.locator('.td-player[data-status="finished"]').waitFor({ timeout: 60_000 });
    const frame = viewer.frameLocator('.td-player iframe');
    const replayed = await frame.locator('body').evaluate((body) => {
      const color = (selector: string) => {
        const el = body.querySelector(selector);
        return el ? getComputedStyle(el).color : null;
      };
      const inner = body.querySelector('iframe')?.contentDocument?.body?.textContent ?? null;
      return {
        shadow: body.querySelector('shadow-card')?.shadowRoot?.textContent ?? null,
        iframe: inner,
        insertRule: color('.css-in-js'),
        adopted: color('.adopted'),
        lines: body.querySelector('#lines')?.textContent ?? null,
      };
    });
    expect(replayed).toEqual({
      shadow: 'shadow-text',
      iframe: 'iframe-text',
      insertRule: 'rgb(1, 2, 3)',
      adopted: 'rgb(4, 5, 6)',
      lines: 'line added',
    });
    await viewer.close();
  });
});
