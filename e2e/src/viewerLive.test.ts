import type { Browser, FrameLocator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { type CliServer, startCliServer } from './server.js';
import { waitFor } from './session.js';

/**
 * What we promise: an action in a recorded page shows in a viewer watching live within 5 s
 * (the recorder uploads every 2 s; the server passes each stored chunk on at once).
 */
const LIVE_DELAY_MS = 5_000;

const bodyText = (frame: FrameLocator) =>
  frame
    .locator('body')
    .textContent({ timeout: 1000 })
    .then((t) => t ?? '')
    .catch(() => '');

/** Resolves once `text` is in the replayed page: the time it took, from `since`. */
async function shows(frame: FrameLocator, text: string, since: number, ms = LIVE_DELAY_MS) {
  const found = await waitFor(
    async () => ((await bodyText(frame)).includes(text) ? true : undefined),
    `"${text}" in the watcher's replay`,
    ms,
  );
  return found && Date.now() - since;
}

describe('the viewer, watching a session while it is recorded', () => {
  let server: CliServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startCliServer(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a click and typing made in another browser within 5 s, stays put when scrubbed back, and goes live again', async () => {
    // The person being recorded, in a browser context of their own.
    const recording = await (await browser.newContext()).newPage();
    await recording.goto(`${server.url}/demo/`);
    await recording.locator('#status', { hasText: 'Recorder: recording' }).waitFor();
    const sessionId = await waitFor(async () => {
      const res = await server.api('/api/sessions');
      const { sessions } = (await res.json()) as { sessions: { id: string; live: boolean }[] };
      return sessions[0]?.live ? sessions[0].id : undefined;
    }, 'the session to be stored and live');

    // The watcher, in another context: the list says the session is live, without a request a row.
    const watcher = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    const sessionRequests: string[] = [];
    watcher.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/sessions/') && path !== '/api/sessions/search')
        sessionRequests.push(path);
    });
    await watcher.goto(`${server.url}/#key=${server.adminKey}`);
    const row = watcher.locator(`tr[data-session-id="${sessionId}"]`);
    await row.getByText('Live', { exact: true }).waitFor();
    expect(sessionRequests).toEqual([]);

    // The badge watches it live (the row's own link replays it from the start).
    await row.getByRole('link', { name: 'Live', exact: true }).click();
    const live = watcher.getByRole('status', { name: 'Live' });
    await live.waitFor();
    // The replayed page of the window on screen.
    const frame = watcher.locator('.replayer-wrapper > iframe').contentFrame();
    await frame.locator('#add').waitFor();

    // A click: the item it adds shows in the watcher.
    const clicked = Date.now();
    await recording.locator('#add').click();
    const clickDelay = await shows(frame, 'Espresso beans #1 added to the cart', clicked);

    // Typing (masked at capture): the watcher sees as many masks as letters typed. The recorder
    // keeps a field's last value (rrweb's input sampling 'last'), sent as the field is left.
    await recording.locator('#name').pressSequentially('Ada Lovelace');
    const typed = Date.now();
    await recording.keyboard.press('Tab');
    await waitFor(
      async () =>
        (
          await frame
            .locator('#name')
            .inputValue({ timeout: 1000 })
            .catch(() => '')
        ).length === 12
          ? true
          : undefined,
      'the typing in the watcher',
      LIVE_DELAY_MS,
    );
    const typeDelay = Date.now() - typed;
    console.log(
      `live delay: click ${clickDelay} ms, typing ${typeDelay} ms (promise ≤ ${LIVE_DELAY_MS} ms)`,
    );
    expect(await watcher.locator('.td-player-time').textContent()).toMatch(/^(\d+:\d\d) \/ \1$/);

    // Scrubbed back (paused at the start): it stays there while more happens.
    await watcher.getByRole('button', { name: 'Pause' }).click();
    await watcher.getByLabel('Playback position').fill('0');
    const goLive = watcher.getByRole('button', { name: 'Go live' });
    await goLive.waitFor();
    const shownBefore = await watcher.locator('.td-player-time').textContent();
    await recording.locator('#add').click();
    // The player has the new chunk (its duration grew) and still shows the start.
    await waitFor(
      async () =>
        (await watcher.locator('.td-player-time').textContent()) !== shownBefore ? true : undefined,
      'the new chunk to reach the watcher',
      LIVE_DELAY_MS * 2,
    );
    expect(await watcher.locator('.td-player-time').textContent()).toMatch(/^0:00 \//);
    expect(await bodyText(frame)).not.toContain('Espresso beans #2');

    // "Go live": back at the edge, the second item there.
    const back = Date.now();
    await goLive.click();
    await live.waitFor();
    await shows(frame, 'Espresso beans #2 added to the cart', back, 2_000);
    expect(await watcher.locator('.td-player-time').textContent()).toMatch(/^(\d+:\d\d) \/ \1$/);
  });

  it("opens the person's previous session from the player, and the next from there", async () => {
    const importOne = async (start: number, text: string) => {
      const res = await server.api('/api/sessions/import', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          distinctId: 'grace@example.com',
          events: [
            {
              type: 4,
              timestamp: start,
              data: { href: `https://shop.example/${text}`, width: 800, height: 600 },
            },
            {
              type: 2,
              timestamp: start + 1,
              data: {
                node: {
                  type: 0,
                  id: 1,
                  childNodes: [
                    {
                      type: 2,
                      tagName: 'html',
                      attributes: {},
                      id: 2,
                      childNodes: [
                        {
                          type: 2,
                          tagName: 'body',
                          attributes: {},
                          id: 3,
                          childNodes: [{ type: 3, textContent: text, id: 4 }],
                        },
                      ],
                    },
                  ],
                },
                initialOffset: { top: 0, left: 0 },
              },
            },
            {
              type: 3,
              timestamp: start + 5000,
              data: { source: 1, positions: [{ x: 1, y: 1, id: 3, timeOffset: 0 }] },
            },
          ],
        }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { sessionId: string }).sessionId;
    };
    const earlier = await importOne(Date.now() - 7_200_000, 'earlier-visit');
    const later = await importOne(Date.now() - 3_600_000, 'later-visit');

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await page.goto(`${server.url}/#/sessions/${later}`);
    await page.getByRole('link', { name: '← Previous session' }).click();
    await waitFor(
      async () => (page.url().endsWith(`#/sessions/${earlier}`) ? true : undefined),
      'the previous session',
    );
    const frame = page.locator('.replayer-wrapper > iframe').contentFrame();
    await frame.getByText('earlier-visit').waitFor();
    expect(await page.getByRole('link', { name: '← Previous session' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Next session →' }).click();
    await frame.getByText('later-visit').waitFor();
    expect(page.url()).toMatch(new RegExp(`#/sessions/${later}$`));
  });
});
