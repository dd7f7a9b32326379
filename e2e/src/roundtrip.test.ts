import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { type CliServer, startCliServer, storedChunkTexts } from './server.js';
import { waitFor } from './session.js';

interface Session {
  id: string;
  firstUrl: string;
  pageviewCount: number;
  clickCount: number;
  eventCount: number;
}

describe('a recording, all the way round', () => {
  let server: CliServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startCliServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('records the demo page, lists it, replays it, and keeps typed secrets out', async () => {
    const nameSecret = `canary-name-${randomUUID()}`;
    const passwordSecret = `canary-password-${randomUUID()}`;
    const bodies: string[] = [];
    const text = (b: Buffer) =>
      (b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b).toString('utf8');

    // Record: a real page with the recorder, typing, a click that adds content, pushState.
    const page = await browser.newPage();
    page.on('request', (request) => {
      const body = request.postDataBuffer();
      if (body && request.url().includes('/s/')) bodies.push(text(body));
    });
    await page.goto(`${server.url}/demo/`);
    await page.locator('#status', { hasText: 'Recorder: recording' }).waitFor();
    await page.locator('#name').pressSequentially(nameSecret);
    await page.locator('#password').pressSequentially(passwordSecret);
    await page.locator('#add').click();
    await page.locator('#checkout').click();
    await page.locator('#checkout-page').waitFor();
    expect(page.url()).toContain('?step=checkout');
    // One regular upload (every 2 s) carries the click; closing the page sends the tail.
    await waitFor(
      async () => (bodies.some((b) => b.includes('Espresso')) ? true : undefined),
      'an upload',
    );
    await page.close({ runBeforeUnload: true });

    // Ingest and list: the server has the session with both page views.
    const session = await waitFor(async () => {
      const res = await server.api('/api/sessions');
      const { sessions } = (await res.json()) as { sessions: Session[] };
      const found = sessions[0];
      return found && found.pageviewCount >= 2 && found.clickCount >= 2 ? found : undefined;
    }, 'the session to be listed with its page views and clicks');
    expect(session.firstUrl).toBe(`${server.url}/demo/`);

    // Stored: the added content is on disk; the secrets and masked text are not.
    const stored = storedChunkTexts(server.dataDir).join('\n');
    expect(stored).toContain('Espresso beans #1 added to the cart');
    for (const secret of [nameSecret, passwordSecret, 'masked with the td-mask class'])
      expect(stored).not.toContain(secret);

    // Sent: no request body carried a secret either.
    expect(bodies.length).toBeGreaterThan(0);
    const sent = bodies.join('\n');
    expect(sent).toContain('Espresso beans #1');
    expect(sent).not.toContain(nameSecret);
    expect(sent).not.toContain(passwordSecret);

    // Replay: the viewer lists it, and the player shows the added content, without secrets.
    const viewer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const violations: string[] = [];
    viewer.on(
      'console',
      (m) => m.text().includes('Content Security Policy') && violations.push(m.text()),
    );
    await viewer.goto(`${server.url}/`);
    await viewer.getByLabel('API key').fill(server.adminKey);
    await viewer.getByRole('button', { name: 'Log in' }).click();
    // The row's own link (a session still live also has a "Live" badge link).
    await viewer.locator(`tr[data-session-id="${session.id}"] a`).first().click();
    const play = viewer.getByRole('button', { name: 'Play' });
    await play.waitFor();
    await expect.poll(() => play.isEnabled(), { timeout: 20_000 }).toBe(true);
    const iframe = viewer.locator('.td-player iframe');
    expect(await iframe.getAttribute('sandbox')).toBe('allow-same-origin');
    await play.click();
    await viewer.locator('.td-player[data-status="finished"]').waitFor({ timeout: 60_000 });
    const frame = viewer.frameLocator('.td-player iframe');
    await expect
      .poll(() => frame.locator('#cart').textContent(), { timeout: 10_000 })
      .toContain('Espresso beans #1 added to the cart');
    expect(await frame.locator('#checkout-page').isVisible()).toBe(true);
    const replayed = await frame.locator('html').evaluate((html) => {
      const values = [...html.querySelectorAll('input')].map((i) => i.value).join(' ');
      return `${html.outerHTML}\n${values}`;
    });
    expect(replayed).not.toContain(nameSecret);
    expect(replayed).not.toContain(passwordSecret);
    expect(replayed).toContain('*'); // the inputs were replayed, masked
    await viewer.screenshot({ path: 'artifacts/player.png' });
    expect(violations).toEqual([]); // the viewer's CSP lets a normal replay through
    await viewer.close();
  });
});
