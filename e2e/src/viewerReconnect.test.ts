import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { type CliServer, startCliServer } from './server.js';
import { waitFor } from './session.js';

/**
 * A viewer watching live keeps up across a server restart (the server ends open live streams
 * as it stops): it says it is reconnecting, then shows what was recorded after the restart,
 * and nothing it had already twice.
 */
describe('the viewer, watching live while the server restarts', () => {
  let server: CliServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startCliServer(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The lines of the watcher's console panel (the recorded page's console) holding `text`. */
  const consoleLines = (watcher: Page, text: string) =>
    watcher.locator('.td-player-console li', { hasText: text }).count();

  it('reconnects, shows the events recorded after the restart, and none twice', async () => {
    // The recorded page's console output shows in the player: one line per event it holds.
    const settings = await server.api('/api/settings', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ recording: { recordConsole: true } }),
    });
    expect(settings.status).toBe(200);
    const recording = await (await browser.newContext()).newPage();
    await recording.goto(`${server.url}/demo/`);
    await recording.locator('#status', { hasText: 'Recorder: recording' }).waitFor();
    const sessionId = await waitFor(async () => {
      const res = await server.api('/api/sessions');
      const { sessions } = (await res.json()) as { sessions: { id: string; live: boolean }[] };
      return sessions[0]?.live ? sessions[0].id : undefined;
    }, 'the session to be stored and live');

    const watcher = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    await watcher.goto(`${server.url}/#key=${server.adminKey}`);
    await watcher.goto(`${server.url}/#/sessions/${sessionId}?live`);
    await watcher.getByRole('status', { name: 'Live' }).waitFor();
    await watcher.getByRole('tab', { name: 'Console' }).click();
    const frame = watcher.locator('.replayer-wrapper > iframe').contentFrame();
    const replayed = (text: string) => frame.getByText(text).waitFor({ timeout: 15_000 });

    // Before the restart: a click and a console line reach the watcher.
    await recording.locator('#add').click();
    await recording.evaluate(() => console.log('before the restart'));
    await replayed('Espresso beans #1 added to the cart');
    await waitFor(
      async () => ((await consoleLines(watcher, 'before the restart')) > 0 ? true : undefined),
      'the console line before the restart',
    );

    // The server stops (ending the live stream) and starts again: same data, same port.
    const { dataDir, token, adminKey } = server;
    const port = Number(new URL(server.url).port);
    await server.stop({ keepData: true });
    await watcher.getByRole('status', { name: 'Reconnecting' }).waitFor();
    server = await startCliServer({ dataDir, token, adminKey, port });
    expect(new URL(server.url).port).toBe(String(port));

    // After it: the watcher is live again and shows what happens next.
    await watcher.getByRole('status', { name: 'Live' }).waitFor({ timeout: 30_000 });
    await recording.locator('#add').click();
    await recording.evaluate(() => console.log('after the restart'));
    await replayed('Espresso beans #2 added to the cart');
    await waitFor(
      async () => ((await consoleLines(watcher, 'after the restart')) > 0 ? true : undefined),
      'the console line after the restart',
    );
    expect(await consoleLines(watcher, 'before the restart')).toBe(1);
    expect(await consoleLines(watcher, 'after the restart')).toBe(1);
    expect(await frame.getByText(/Espresso beans #\d added/).count()).toBe(2);
    expect(await watcher.locator('p.error').count()).toBe(0);
  });
});
