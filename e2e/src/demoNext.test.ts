import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/freePort.mjs';
import { launchChromium } from './browser.js';
import { expectNoCanaries } from './privacy.js';
import { type CliServer, startCliServer, storedChunkTexts } from './server.js';
import { collectBodies, customEvents, untilSent, waitFor } from './session.js';

const demo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'demo-next');
const next = join(demo, 'node_modules', '.bin', 'next');

function run(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(next, args, {
    cwd: demo,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('demo-next, built and started, recorded through its own /ingest', () => {
  let server: CliServer;
  let browser: Browser;
  let app: ChildProcess;
  let url: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startCliServer(), launchChromium()]);
    // Rewrites are fixed at build time, so the build learns the server's URL now.
    const env = {
      TAPEDECK_HOST: server.url,
      TAPEDECK_TOKEN: server.token,
      NEXT_TELEMETRY_DISABLED: '1',
    };
    const build = run(['build'], env);
    let log = '';
    build.stdout?.on('data', (d) => (log += d));
    build.stderr?.on('data', (d) => (log += d));
    const code = await new Promise((resolve) => build.on('exit', resolve));
    if (code !== 0) throw new Error(`next build failed:\n${log}`);
    const port = await freePort();
    app = run(['start', '-p', String(port), '-H', '127.0.0.1'], env);
    url = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => ((await fetch(url).catch(() => null))?.ok ? true : undefined),
      'next start',
      30_000,
    );
  }, 180_000);

  afterAll(async () => {
    app?.kill('SIGTERM');
    await browser?.close();
    await server?.stop();
  });

  it('never records a visitor the server declined', async () => {
    const page = await browser.newPage();
    const uploads: string[] = [];
    page.on('request', (r) => r.url().includes('/ingest/') && uploads.push(r.url()));
    await page.goto(url);
    await page.getByText('recorder: sampled-out').waitFor();
    await page.getByRole('button', { name: 'Add Ceramic mug to cart' }).click();
    await page.getByRole('link', { name: 'Cart (1)' }).click();
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    await page.waitForTimeout(2500);
    await page.close({ runBeforeUnload: true });
    expect(uploads).toEqual([]);
    const list = (await (await server.api('/api/sessions')).json()) as { sessions: unknown[] };
    expect(list.sessions).toEqual([]);
  });

  it('records a signed-in visitor: page views per client navigation, the exception, the dead click, no secrets, no hydration warning', async () => {
    const email = `canary.${Date.now()}@example.com`;
    const card = '4242424242424242';
    const page = await browser.newPage();
    const bodies = collectBodies(page);
    const warnings: string[] = [];
    page.on('console', (m) => /hydrat/i.test(m.text()) && warnings.push(m.text()));
    await page.goto(`${url}/signin`);
    await page.getByText('recorder: recording').waitFor();
    await page.getByRole('button', { name: 'Add Espresso beans to cart' }).click();
    await page.getByRole('button', { name: 'Add Ceramic mug to cart' }).click();
    await page.getByRole('link', { name: 'Cart (2)' }).click();
    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').pressSequentially(email);
    await page.getByLabel('Card number').pressSequentially(card);
    await page.getByRole('button', { name: 'Pay $23' }).click();
    await page.getByRole('button', { name: 'Apply gift card' }).click();
    await untilSent(bodies, '$dead_click'); // called after 2.5 s without an effect
    await page.close({ runBeforeUnload: true });
    expect(warnings).toEqual([]);

    const session = await waitFor(async () => {
      const { sessions } = (await (await server.api('/api/sessions')).json()) as {
        sessions: { id: string }[];
      };
      if (sessions.length !== 1) return undefined;
      const events = await customEvents(server.api, sessions[0]!.id);
      return events.some((e) => e.tag === '$dead_click') ? events : undefined;
    }, 'the session with its dead click');
    const pageviews = session
      .filter((e) => e.tag === '$pageview')
      .map((e) => new URL(String(e.payload?.href)).pathname);
    expect(pageviews).toEqual(['/', '/cart', '/checkout']);
    expect(session.find((e) => e.tag === '$exception')?.payload?.message).toContain(
      'Payment failed',
    );
    expect(
      session.some(
        (e) => e.tag === '$dead_click' && String(e.payload?.selector).endsWith('button.decoy'),
      ),
    ).toBe(true);
    const stored = storedChunkTexts(server.dataDir).join('\n');
    expect(stored).not.toContain(email);
    expect(stored).not.toContain(card);
  });

  it('sends no canary from the privacy check page, rendered on the server (fields, masking components, click signals, URL, requests, console)', async () => {
    const context = await browser.newContext();
    await context.request.get(`${url}/signin`); // the cookie that gets a visitor recorded
    await expectNoCanaries(context, `${url}/privacy`, server);
    await context.close();
  });
});
