import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { buildFixtures, openFixture, serveFixtures } from './fixtures.js';
import { type CliServer, startCliServer } from './server.js';
import { sessionEvents, waitFor } from './session.js';

// A few minutes in CI; TAPEDECK_SOAK_MINUTES=60 for the long run.
const MINUTES = Number(process.env.TAPEDECK_SOAK_MINUTES ?? 2);

describe('a soak of a busy page', () => {
  let server: CliServer;
  let browser: Browser;
  let fixtures: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    await buildFixtures();
    [server, browser, fixtures] = await Promise.all([
      startCliServer({ args: ['--no-demo'] }),
      launchChromium(),
      serveFixtures(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
    await server?.stop();
  });

  it(`keeps the page's heap flat and uploads current for ${MINUTES} min`, {
    timeout: (MINUTES * 60 + 180) * 1000,
  }, async () => {
    const page = await browser.newPage();
    const sessionId = await openFixture(page, fixtures.url, 'soak', server, {
      recordConsole: true,
    });
    const cdp = await page.context().newCDPSession(page);
    const heapMb = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return usedSize / 2 ** 20;
    };

    const start = Date.now();
    const samples: { second: number; mb: number }[] = [];
    for (let step = 0; Date.now() - start < MINUTES * 60_000; step++) {
      // A person moving the mouse over the dashboard for 10 s.
      for (let i = 0; i < 50; i++) {
        await page.mouse.move(50 + ((step * 50 + i) % 60) * 10, 60 + (i % 30) * 10);
        await page.waitForTimeout(200);
      }
      samples.push({ second: Math.round((Date.now() - start) / 1000), mb: await heapMb() });
    }
    // A leak raises the floor: the lowest heap of the last third against that of the middle
    // third (after the snapshot, rrweb's mirror and the buffers have settled). One sample
    // may catch an upload in flight, so single samples are not compared.
    const third = (MINUTES * 60) / 3;
    const floor = (from: number, to: number) =>
      Math.min(...samples.filter((s) => s.second >= from && s.second < to).map((s) => s.mb));
    const settled = floor(third, 2 * third);
    const end = floor(2 * third, Number.POSITIVE_INFINITY);
    console.log(
      `soak heap (MB): ${samples.map((s) => `${s.second}s ${s.mb.toFixed(2)}`).join(', ')}; ` +
        `floor of the last third / of the middle third = ${(end / settled).toFixed(3)}`,
    );
    expect(end).toBeLessThanOrEqual(settled * 1.1);

    // The uploads kept up: what the page did in its last seconds arrives (no backlog that
    // never drains). How fast is the load test's subject, not this one's.
    const lastStep = Date.now() - 2_000;
    await waitFor(async () => {
      const events = await sessionEvents(server.api, sessionId);
      return events.some((e) => e.timestamp >= lastStep) ? true : undefined;
    }, 'the last seconds of the soak, stored');
    await page.close();
  });
});
