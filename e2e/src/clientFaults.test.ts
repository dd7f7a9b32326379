import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { buildFixtures, openFixture, serveFixtures } from './fixtures.js';
import { type CliServer, startCliServer } from './server.js';
import { customEvents, sessionEvents, waitFor } from './session.js';

// Two minutes by the measure; CI runs a shorter outage.
const OUTAGE_SECONDS = Number(process.env.TAPEDECK_OUTAGE_SECONDS ?? 15);

interface TestWindow {
  recorder: { getSessionId(): string; getSnapshot(): { status: string; lastError: string | null } };
}

describe('the recorder when the server fails it (Chromium, real server)', () => {
  let browser: Browser;
  let fixtures: { url: string; close(): Promise<void> };
  const servers: CliServer[] = [];

  beforeAll(async () => {
    await buildFixtures();
    [browser, fixtures] = await Promise.all([launchChromium(), serveFixtures()]);
  });

  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
    for (const server of servers) await server.stop().catch(() => {});
  });

  async function serve(given: Parameters<typeof startCliServer>[0] = {}) {
    const server = await startCliServer({ args: ['--no-demo'], ...given });
    servers.push(server);
    return server;
  }

  /** The server goes away (connection refused) and comes back on the same port and data. */
  async function outage(server: CliServer, during: () => Promise<void>) {
    const port = Number(new URL(server.url).port);
    await server.stop({ keepData: true });
    await during();
    const { dataDir, token, adminKey } = server;
    return serve({ dataDir, token, adminKey, port });
  }

  async function open(server: CliServer, options: Record<string, unknown>) {
    const page = await browser.newPage();
    const sessionId = await openFixture(page, fixtures.url, 'capture', server, options);
    return { page, sessionId };
  }

  const linesAdded = async (server: CliServer, sessionId: string) =>
    JSON.stringify(await sessionEvents(server.api, sessionId)).match(/line added/g)?.length ?? 0;

  // After a long outage the next retry may be a minute away (the backoff's ceiling).
  it(`loses nothing while the server is down for ${OUTAGE_SECONDS} s`, {
    timeout: (OUTAGE_SECONDS + 150) * 1000,
  }, async () => {
    let server = await serve();
    const { page, sessionId } = await open(server, { flushIntervalMs: 500 });
    await page.locator('#works').click();
    await waitFor(
      async () => ((await linesAdded(server, sessionId)) === 1 ? true : undefined),
      'the first line',
    );
    let clicks = 1;
    server = await outage(server, async () => {
      const end = Date.now() + OUTAGE_SECONDS * 1000;
      while (Date.now() < end) {
        await page.locator('#works').click();
        clicks += 1;
        await page.waitForTimeout(1000);
      }
    });
    await waitFor(
      async () => ((await linesAdded(server, sessionId)) === clicks ? true : undefined),
      `all ${clicks} lines after the outage`,
      90_000,
    );
    expect((await customEvents(server.api, sessionId)).map((e) => e.tag)).not.toContain('$gap');
    await page.close();
  });

  it('past the queue bound drops the oldest, marks the gap, and the player shows it', async () => {
    let server = await serve();
    const { page, sessionId } = await open(server, {
      flushIntervalMs: 300,
      maxQueueBytes: 64 * 1024,
    });
    await waitFor(
      async () => ((await sessionEvents(server.api, sessionId)).length > 0 ? true : undefined),
      'the full snapshot',
    );
    server = await outage(server, async () => {
      // About 300 KB of new text while nothing can be sent.
      for (let i = 0; i < 15; i++) {
        await page.evaluate((n) => {
          const p = document.createElement('p');
          p.textContent = `block-${n} ${'lorem ipsum '.repeat(1700)}`;
          document.body.append(p);
        }, i);
        await page.waitForTimeout(400);
      }
    });
    const gap = await waitFor(async () => {
      const events = await customEvents(server.api, sessionId);
      return events.find((e) => e.tag === '$gap');
    }, 'the gap marker');
    expect(gap.payload).toMatchObject({ reason: 'upload queue full' });
    expect(gap.payload?.chunks).toBeGreaterThan(0);
    expect(Number(gap.payload?.from)).toBeLessThanOrEqual(Number(gap.payload?.to));
    // The newest were kept, and a fresh full snapshot follows the gap, so the replay goes on.
    const events = await waitFor(async () => {
      const all = await sessionEvents(server.api, sessionId);
      return JSON.stringify(all).includes('block-14') ? all : undefined;
    }, 'the newest block');
    const gapAt = events.findIndex((e) => e.type === 5 && e.data.tag === '$gap');
    expect(events.slice(gapAt).some((e) => e.type === 2)).toBe(true);
    await page.close();

    const viewer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await viewer.goto(`${server.url}/#key=${server.adminKey}`);
    await viewer.goto(`${server.url}/#/sessions/${sessionId}`);
    await viewer
      .getByRole('button', { name: /Gap: \d+ chunk\(s\) never reached the server/ })
      .first()
      .waitFor();
    await viewer.close();
  });

  it('pauses uploads while the project is over its quota', async () => {
    const server = await serve();
    const settings = await server.api('/api/settings', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dailyQuotaMb: 0.001 }),
    });
    expect(settings.status).toBe(200);
    const { page } = await open(server, { flushIntervalMs: 300 });
    const answers: number[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/s/?')) answers.push(response.status());
    });
    const overQuota = () =>
      page.evaluate(() =>
        /quota/.test((window as never as TestWindow).recorder.getSnapshot().lastError ?? ''),
      );
    await waitFor(async () => {
      await page.locator('#works').click(); // something to send
      return (await overQuota()) ? true : undefined;
    }, 'the quota answer');
    const seen = answers.length;
    expect(answers.at(-1)).toBe(429);
    // Busy for 5 s more: the recorder waits for the quota's Retry-After and sends nothing.
    for (let i = 0; i < 10; i++) {
      await page.locator('#works').click();
      await page.waitForTimeout(500);
    }
    expect(answers.length).toBe(seen);
    await page.close();
  });

  it('delivers the batch in flight and the tail when the tab is closed', async () => {
    const server = await serve();
    const proxy = await slowProxy(server.url);
    const { page, sessionId } = await open({ ...server, url: proxy.url }, { flushIntervalMs: 500 });
    await waitFor(
      async () => ((await sessionEvents(server.api, sessionId)).length > 0 ? true : undefined),
      'the full snapshot',
    );
    // Hold the next upload, so it is still in flight when the tab goes.
    proxy.holdUploads = true;
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'in-flight-batch';
      document.body.append(p);
    });
    await waitFor(async () => (proxy.held > 0 ? true : undefined), 'an upload in flight');
    await page.locator('#works').click(); // the tail, not yet sent
    await page.close({ runBeforeUnload: true });
    const text = await waitFor(
      async () => {
        const all = JSON.stringify(await sessionEvents(server.api, sessionId));
        return all.includes('in-flight-batch') && all.includes('line added') ? all : undefined;
      },
      'the batch in flight and the tail',
      15_000,
    );
    expect(text).toContain('in-flight-batch');
    await proxy.close();
  });
});

/**
 * A proxy in front of the server that, once told to, holds the recorder's fetch uploads (gzip)
 * and lets beacons (plain text) through.
 */
async function slowProxy(target: string) {
  const state = { holdUploads: false, held: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (state.holdUploads && req.url?.includes('compression=gzip')) {
        state.held += 1;
        return; // never answered: the tab closes first
      }
      const init: RequestInit = { method: req.method ?? 'GET' };
      if (req.method === 'POST') init.body = Buffer.concat(chunks);
      const answer = await fetch(`${target}${req.url}`, init);
      res.writeHead(answer.status, { 'Access-Control-Allow-Origin': '*' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  });
}
