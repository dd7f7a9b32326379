import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../scripts/serveStatic.mjs';
import { launchChromium } from './browser.js';
import { expectNoCanaries } from './privacy.js';
import { type CliServer, startCliServer, storedChunkTexts } from './server.js';
import { collectBodies, customEvents, untilSent, waitFor } from './session.js';

// Each demo as its own build made it (turbo builds them before the e2e run).
const require = createRequire(import.meta.url);
const distOf = (name: string) =>
  join(dirname(require.resolve(`@tapedeck/${name}/package.json`)), 'dist');

describe.each(['demo-react', 'demo-vue', 'demo-svelte'])('%s, recorded for real', (name) => {
  let server: CliServer;
  let browser: Browser;
  let demo: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    [server, browser, demo] = await Promise.all([
      startCliServer(),
      launchChromium(),
      serveStatic(distOf(name)),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await server?.stop();
  });

  it('records the checkout flow: page views, the exception, the dead click, and no typed secrets', async () => {
    const email = `canary.${Date.now()}@example.com`;
    const card = '4242424242424242';
    const page = await browser.newPage();
    const bodies = collectBodies(page);
    await page.goto(`${demo.url}/?host=${encodeURIComponent(server.url)}&token=${server.token}`);
    await page.getByText('recorder: recording').waitFor();
    await page.getByRole('button', { name: 'Add Espresso beans to cart' }).click();
    await page.getByRole('button', { name: 'Add Ceramic mug to cart' }).click();
    await page.getByText('Cart (2)').click(); // a button in React, a router link in Vue
    await page.getByRole('button', { name: 'Checkout' }).click();
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').pressSequentially(email);
    await page.getByLabel('Card number').pressSequentially(card);
    await page.getByRole('button', { name: 'Pay $23' }).click();
    await page.getByRole('button', { name: 'Apply gift card' }).click();
    await untilSent(bodies, '$dead_click'); // called after 2.5 s without an effect
    await page.close({ runBeforeUnload: true });

    const sessions = await waitFor(async () => {
      const res = await server.api('/api/sessions');
      const list = ((await res.json()) as { sessions: { id: string; firstUrl: string }[] })
        .sessions;
      const mine = list.filter((s) => s.firstUrl?.startsWith(demo.url));
      if (mine.length !== 1) return undefined;
      const events = await customEvents(server.api, mine[0]!.id);
      return events.some((e) => e.tag === '$dead_click') ? { id: mine[0]!.id, events } : undefined;
    }, 'the session with its dead click');

    const tags = sessions.events.map((e) => e.tag);
    const pageviews = sessions.events
      .filter((e) => e.tag === '$pageview')
      .map((e) => new URL(String(e.payload?.href)).pathname);
    expect(pageviews).toEqual(['/', '/cart', '/checkout']);
    expect(tags).toContain('$exception');
    const exception = sessions.events.find((e) => e.tag === '$exception');
    expect(exception?.payload?.message).toContain('Payment failed');
    const dead = sessions.events
      .filter((e) => e.tag === '$dead_click')
      .map((e) => e.payload?.selector);
    expect(dead.some((selector) => String(selector).endsWith('button.decoy'))).toBe(true);
    expect(tags.filter((t) => t === 'added_to_cart')).toHaveLength(2);

    const stored = storedChunkTexts(server.dataDir).join('\n');
    expect(stored).not.toContain('Ada'); // every input is masked by default
    expect(stored).not.toContain(email);
    expect(stored).not.toContain(card);
  });

  it('sends no canary from the privacy check page (fields, Mask, Block, Unmask, click signals, URL, requests, console)', async () => {
    const context = await browser.newContext();
    const query = `host=${encodeURIComponent(server.url)}&token=${server.token}`;
    await expectNoCanaries(context, `${demo.url}/privacy?${query}`, server);
    await context.close();
  });
});
