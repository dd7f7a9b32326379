// Issue #22, part 2: error groups. Exceptions are fingerprinted (type, normalised message, top
// frames) into groups with counts, sessions, people affected and first/last seen; each group's
// sessions open at the moment of the error; a source map uploaded through the API resolves the
// group's frames. Two sessions throwing `order 1234 failed` and `order 98 failed` from the same
// minified script must land in one group; a different error in another.
//
// The minified script and its (hidden) source map are built here, with Vite, from a small
// original written to a temporary folder. Fixture: fixtures/insights-errors.html.
// Run (after `npx -y pnpm@12.4.2 build` at the root; needs Chromium, see scripts/chromium.mjs):
//   cd e2e && npx vitest run src/insightsErrors.test.ts
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../scripts/serveStatic.mjs';
import { launchChromium } from './browser.js';
import { openFixture } from './fixtures.js';
import { type CliServer, startCliServer } from './server.js';
import { waitFor } from './session.js';

type Api = CliServer['api'];

// =============================================================================================
// ADAPTER: every guess about the feature's names and shapes is here. Align these with the
// implementation; the assertions below do not name any of them.
// =============================================================================================

interface ErrorGroup {
  id: string;
  type: string;
  message: string;
  count: number;
  sessions: number;
  people: number;
  firstSeen: number;
  lastSeen: number;
}
interface Frame {
  file: string;
  line: number;
  column?: number;
  function?: string;
}
interface GroupDetail {
  /** Innermost frame first. */
  frames: Frame[];
  /** Where each affected session opens: the moment of the error. */
  sessions: { sessionId: string; timestamp: number }[];
}

/** Guess: `GET /api/errors` → `{ groups: ErrorGroup[] }`. */
async function errorGroups(api: Api): Promise<ErrorGroup[]> {
  const response = await api('/api/errors');
  if (!response.ok) return [];
  return ((await response.json()) as { groups: ErrorGroup[] }).groups;
}

/** Guess: `GET /api/errors/:id` → `{ group: ErrorGroup & { frames }, sessions: [...] }`. */
async function errorGroup(api: Api, id: string): Promise<GroupDetail> {
  const response = await api(`/api/errors/${encodeURIComponent(id)}`);
  const body = (await response.json()) as {
    group: ErrorGroup & { frames: Frame[] };
    sessions: GroupDetail['sessions'];
  };
  return { frames: body.group.frames, sessions: body.sessions };
}

/** Guess: `POST /api/sourcemaps` `{ url, map }` (the minified script's URL, the map's text). */
const uploadSourceMap = (api: Api, url: string, map: string) =>
  api('/api/sourcemaps', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url, map }),
  });
// ======================================= end of adapter ======================================

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, '..', 'fixtures');
const PAGE = 'insights-errors';

/** The shop's checkout as written; the page gets it minified. */
const ORIGINAL = `// The shop's checkout, as written (before minification).
export function placeOrder(orderId) {
  const attempt = { orderId, at: Date.now() };
  return submitOrder(attempt);
}

export function retryOrder(orderId) {
  return submitOrder({ orderId, at: 0 });
}

function submitOrder(attempt) {
  if (attempt.orderId > 0) throw new Error(\`order \${attempt.orderId} failed\`);
  return attempt;
}

export function emptyCart(items) {
  if (items.length === 0) throw new TypeError('the cart is empty');
  return items;
}
`;
/** The original line (1-based) that throws `order … failed`. */
const THROW_LINE = ORIGINAL.split('\n').findIndex((line) => line.includes('new Error(')) + 1;

/** Builds `checkout.min.js` and its map (not referenced from the script) into `work/out`. */
async function buildCheckout(work: string): Promise<{ script: string; map: string }> {
  mkdirSync(join(work, 'src'), { recursive: true });
  const entry = join(work, 'src', 'checkout.js');
  writeFileSync(entry, ORIGINAL);
  await build({
    root: work,
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: join(work, 'out'),
      emptyOutDir: true,
      minify: true,
      sourcemap: 'hidden',
      lib: { entry, name: 'Checkout', formats: ['iife'], fileName: () => 'checkout.min.js' },
    },
  });
  const script = join(work, 'out', 'checkout.min.js');
  return { script, map: readFileSync(`${script}.map`, 'utf8') };
}

describe('error groups and source maps (Chromium, real server)', () => {
  let server: CliServer;
  let browser: Browser;
  let pages: { url: string; close(): Promise<void> };
  let outDir: string;
  let work: string;
  let map: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'tapedeck-insights-errors-'));
    work = mkdtempSync(join(tmpdir(), 'tapedeck-insights-checkout-'));
    await build({
      root: FIXTURES,
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        rollupOptions: { input: [join(FIXTURES, `${PAGE}.html`)] },
      },
    });
    const core = dirname(createRequire(import.meta.url).resolve('@tapedeck/core/package.json'));
    copyFileSync(join(core, 'dist', 'worker.js'), join(outDir, 'tapedeck-worker.js'));
    const checkout = await buildCheckout(work);
    map = checkout.map;
    // Only the script is served: the map reaches the server by upload, or not at all.
    copyFileSync(checkout.script, join(outDir, 'checkout.min.js'));
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
    for (const dir of [outDir, work]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** One person's session in its own browser context; clicks `#order` (and `#empty-cart`). */
  async function throwIn(person: string, order: number, alsoEmptyCart = false) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const sessionId = await openFixture(page, pages.url, PAGE, server, {
        flushIntervalMs: 300,
      });
      await page.evaluate((id) => {
        (window as never as { recorder: { identify(id: string): void } }).recorder.identify(id);
      }, person);
      await page.addScriptTag({ url: `${pages.url}/checkout.min.js` });
      await page.locator('#order').evaluate((button, n) => {
        (button as HTMLElement).dataset.order = String(n);
      }, order);
      const thrown = page.waitForEvent('pageerror');
      await page.click('#order');
      expect((await thrown).message).toBe(`order ${order} failed`);
      if (alsoEmptyCart) {
        const cart = page.waitForEvent('pageerror');
        await page.click('#empty-cart');
        expect((await cart).message).toBe('the cart is empty');
      }
      await page.goto('about:blank');
      return sessionId;
    } finally {
      await context.close();
    }
  }

  /** The `$exception` markers' timestamps of a session. */
  async function exceptionTimes(sessionId: string): Promise<number[]> {
    const response = await server.api(`/api/sessions/${sessionId}/events?limit=5000`);
    const { events } = (await response.json()) as {
      events: { name: string; timestamp: number }[];
    };
    return events.filter((e) => e.name === '$exception').map((e) => e.timestamp);
  }

  it('groups one error from two sessions, apart from another error; a source map resolves it', async () => {
    const started = Date.now();
    const first = await throwIn('insights-alice', 1234, true);
    const second = await throwIn('insights-bob', 98);

    const groups = await waitFor(async () => {
      const all = await errorGroups(server.api);
      const order = all.find((g) => g.type === 'Error');
      return order?.count === 2 && all.some((g) => g.type === 'TypeError') ? all : undefined;
    }, 'an Error group with two occurrences and a TypeError group').catch(async (error) => {
      const response = await server.api('/api/errors');
      const seen = `${response.status} ${(await response.text()).slice(0, 2000)}`;
      throw new Error(`${(error as Error).message}; GET /api/errors answered ${seen}`);
    });
    expect(groups).toHaveLength(2);
    const order = groups.find((g) => g.type === 'Error')!;
    const cart = groups.find((g) => g.type === 'TypeError')!;
    expect(order.message).toMatch(/order .* failed/);
    expect(order).toMatchObject({ count: 2, sessions: 2, people: 2 });
    expect(cart).toMatchObject({ count: 1, sessions: 1, people: 1 });
    expect(order.firstSeen).toBeGreaterThanOrEqual(started - 1000);
    expect(order.firstSeen).toBeLessThan(order.lastSeen);
    expect(order.lastSeen).toBeLessThanOrEqual(Date.now());

    // Each session opens at the moment of its error.
    const detail = await errorGroup(server.api, order.id);
    expect(detail.sessions.map((s) => s.sessionId).sort()).toEqual([first, second].sort());
    for (const { sessionId, timestamp } of detail.sessions) {
      const times = await exceptionTimes(sessionId);
      expect(times.length, `$exception markers in ${sessionId}`).toBeGreaterThan(0);
      const nearest = Math.min(...times.map((t) => Math.abs(t - timestamp)));
      expect(nearest, `${sessionId} opens at its error`).toBeLessThanOrEqual(1000);
    }
    // Before any map, the top frame is the minified script's.
    expect(detail.frames[0]?.file).toContain('checkout.min.js');

    const scriptUrl = `${pages.url}/checkout.min.js`;
    const upload = await uploadSourceMap(server.api, scriptUrl, map);
    expect(upload.status, await upload.clone().text()).toBeLessThan(300);

    const top = await waitFor(async () => {
      const frame = (await errorGroup(server.api, order.id)).frames[0];
      return frame && !frame.file.includes('.min.') ? frame : undefined;
    }, 'the top frame resolved by the source map');
    expect(top.file).toMatch(/checkout\.js$/);
    expect(top.line).toBe(THROW_LINE);
    expect(top.function).toBe('submitOrder');
    // The other group's frame comes from the same script: resolved too.
    const cartTop = (await errorGroup(server.api, cart.id)).frames[0];
    expect(cartTop?.function).toBe('emptyCart');
  });
});
