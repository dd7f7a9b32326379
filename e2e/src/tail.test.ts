import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../scripts/serveStatic.mjs';
import { launchChromium } from './browser.js';
import { openFixture } from './fixtures.js';
import { type CliServer, startCliServer } from './server.js';
import { sessionEvents, waitFor } from './session.js';

// A single-page app swaps a big view (hundreds of nodes) on every route change, up to the very
// moment it is left. Every view must be in the stored recording, however the page is left.
const VIEWS = 15;
const EVERY_MS = 120;

const here = dirname(fileURLToPath(import.meta.url));

interface TestWindow {
  go(load: string, n: number): void;
  recorder: { stop(): Promise<void> | undefined; getSessionId(): string };
}

/** Swaps views 1..VIEWS in the page, the last one just before `then` runs in the same task. */
function swapViews(page: Page, load: string, then: 'nothing' | 'stop' | 'leave') {
  return page.evaluate(
    async ({ load, views, every, then }) => {
      const w = window as never as TestWindow;
      for (let n = 1; n < views; n++) {
        w.go(load, n);
        await new Promise((r) => setTimeout(r, every));
      }
      w.go(load, views);
      if (then === 'stop') await w.recorder.stop();
      if (then === 'leave') location.href = 'about:blank';
    },
    { load, views: VIEWS, every: EVERY_MS, then },
  );
}

const markers = (load: string) =>
  Array.from({ length: VIEWS }, (_, i) => `tail-view-${load}-${i + 1}`);

describe('the tail of a recording (Chromium, real server)', () => {
  let server: CliServer;
  let browser: Browser;
  let pages: { url: string; close(): Promise<void> };
  let outDir: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'tapedeck-tail-'));
    await build({
      root: join(here, '..', 'fixtures'),
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        rollupOptions: { input: [join(here, '..', 'fixtures', 'tail.html')] },
      },
    });
    const core = dirname(createRequire(import.meta.url).resolve('@tapedeck/core/package.json'));
    copyFileSync(join(core, 'dist', 'worker.js'), join(outDir, 'tapedeck-worker.js'));
    [server, browser, pages] = await Promise.all([
      startCliServer({ args: ['--no-demo'] }),
      launchChromium(),
      serveStatic(outDir),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await server?.stop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  /** How many times each of `wanted` occurs in the stored recording of `sessionId`. */
  async function counts(sessionId: string, wanted: string[]): Promise<Record<string, number>> {
    const text = JSON.stringify(await sessionEvents(server.api, sessionId));
    return Object.fromEntries(wanted.map((m) => [m, text.split(`"${m}"`).length - 1]));
  }

  /** The markers of `load` missing from the stored recording, once none is (or time is up). */
  async function missingViews(sessionId: string, load: string, ms = 60_000): Promise<string[]> {
    let missing: string[] = markers(load);
    await waitFor(
      async () => {
        const found = await counts(sessionId, markers(load));
        missing = markers(load).filter((m) => !found[m]);
        return missing.length === 0 ? true : undefined;
      },
      'every view',
      ms,
    ).catch(() => {});
    return missing;
  }

  async function open(context: BrowserContext, host = server.url) {
    const page = await context.newPage();
    const sessionId = await openFixture(page, pages.url, 'tail', { ...server, url: host });
    return { page, sessionId };
  }

  it('keeps every view up to navigating away', async () => {
    const context = await browser.newContext();
    const { page, sessionId } = await open(context);
    await swapViews(page, 'nav', 'leave').catch(() => {}); // the page goes as it answers
    await page.waitForURL('about:blank');
    expect(await missingViews(sessionId, 'nav')).toEqual([]);
    await context.close();
  });

  it('keeps every view up to the tab being closed', async () => {
    const context = await browser.newContext();
    const { page, sessionId } = await open(context);
    await swapViews(page, 'close', 'nothing');
    await page.close({ runBeforeUnload: true });
    expect(await missingViews(sessionId, 'close')).toEqual([]);
    await context.close();
  });

  it('keeps every view up to stop(), stored once stop() settles', async () => {
    const context = await browser.newContext();
    const { page, sessionId } = await open(context);
    await swapViews(page, 'stop', 'stop');
    // stop() settles once the server has acknowledged everything buffered.
    const found = await counts(sessionId, markers('stop'));
    expect(markers('stop').filter((m) => !found[m])).toEqual([]);
    await context.close();
  });

  it('sends a tail that could not go out as the tab closed on the next page load, once', async () => {
    const proxy = await flakyProxy(server.url);
    const context = await browser.newContext();
    const { page, sessionId } = await open(context, proxy.url);
    await waitFor(
      async () => ((await sessionEvents(server.api, sessionId)).length > 0 ? true : undefined),
      'the full snapshot',
    );
    proxy.down = true; // the server is unreachable from here until the tab has closed
    await swapViews(page, 'lost', 'nothing');
    await page.close({ runBeforeUnload: true });
    await waitFor(async () => (proxy.refused > 0 ? true : undefined), 'the tail to be tried');
    expect(Object.values(await counts(sessionId, markers('lost')))).toEqual(
      markers('lost').map(() => 0),
    );
    proxy.down = false;

    const next = await open(context, proxy.url);
    expect(next.sessionId).toBe(sessionId);
    expect(await missingViews(sessionId, 'lost')).toEqual([]);
    // Once: the server keeps one copy of a chunk sent again, and nothing is sent twice as new.
    await next.page.evaluate(() => (window as never as TestWindow).recorder.stop());
    const found = await counts(sessionId, markers('lost'));
    expect(Object.values(found).every((n) => n === 1)).toBe(true);
    expect(proxy.refused).toBeGreaterThan(0);
    await context.close();
    await proxy.close();
  });
});

/** A proxy in front of the server that refuses uploads (resets the connection) while `down`. */
async function flakyProxy(target: string) {
  const state = { down: false, refused: 0 };
  const proxy = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', async () => {
      if (state.down) {
        state.refused += 1;
        req.socket.destroy();
        return;
      }
      const init: RequestInit = { method: req.method ?? 'GET' };
      if (req.method === 'POST') init.body = Buffer.concat(parts);
      try {
        const answer = await fetch(`${target}${req.url}`, init);
        res.writeHead(answer.status, { 'Access-Control-Allow-Origin': '*' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      } catch {
        req.socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      proxy.closeAllConnections();
      return new Promise((resolve) => proxy.close(resolve));
    },
  });
}
