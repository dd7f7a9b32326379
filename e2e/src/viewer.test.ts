import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { type CliServer, startCliServer } from './server.js';

/** A 20-second rrweb recording: a page, mouse moves, and the given custom/plugin events. */
function recording(start: number, extra: object[]) {
  const node = (id: number, tagName: string, childNodes: object[] = []) => ({
    type: 2,
    tagName,
    attributes: {},
    childNodes,
    id,
  });
  return [
    {
      type: 4,
      timestamp: start,
      data: { href: 'https://shop.example/checkout', width: 800, height: 600 },
    },
    {
      type: 2,
      timestamp: start + 1,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            { type: 1, name: 'html', publicId: '', systemId: '', id: 2 },
            node(3, 'html', [
              node(4, 'head'),
              node(5, 'body', [{ type: 3, textContent: 'Checkout page', id: 6 }]),
            ]),
          ],
        },
        initialOffset: { top: 0, left: 0 },
      },
    },
    ...Array.from({ length: 20 }, (_, i) => ({
      type: 3,
      timestamp: start + 1000 * (i + 1),
      data: { source: 1, positions: [{ x: 10 * i, y: 10, id: 5, timeOffset: 0 }] },
    })),
    ...extra,
  ];
}

describe('the viewer, used as a person would', () => {
  let server: CliServer;
  let browser: Browser;
  let target: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startCliServer(), launchChromium()]);
    const now = Date.now() - 60_000;
    const importOne = async (events: object[]) => {
      const res = await server.api('/api/sessions/import', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(events),
      });
      return ((await res.json()) as { sessionId: string }).sessionId;
    };
    const custom = (at: number, tag: string) => ({
      type: 5,
      timestamp: at,
      data: { tag, payload: {} },
    });
    // Decoys; the first one checks out and pays.
    for (let i = 0; i < 3; i++) {
      const start = now + i * 100;
      await importOne(
        recording(
          start,
          i
            ? []
            : [custom(start + 2000, 'checkout_started'), custom(start + 4000, 'payment_succeeded')],
        ),
      );
    }
    target = await importOne(
      recording(now + 500, [
        custom(now + 500 + 2000, 'checkout_started'),
        {
          type: 5,
          timestamp: now + 500 + 5000,
          data: { tag: '$rageclick', payload: { selector: 'button#pay' } },
        },
        {
          type: 6,
          timestamp: now + 500 + 8000,
          data: {
            plugin: 'rrweb/console@1',
            payload: { level: 'error', payload: ['boom-at-8s'], trace: [] },
          },
        },
        {
          type: 5,
          timestamp: now + 500 + 8000,
          data: { tag: '$exception', payload: { message: 'boom-at-8s' } },
        },
        { type: 3, timestamp: now + 500 + 3000, data: { source: 2, type: 2, id: 5, x: 10, y: 10 } },
        {
          type: 6,
          timestamp: now + 500 + 9000,
          data: {
            plugin: 'tapedeck/network@1',
            payload: {
              requests: [
                { method: 'POST', url: 'https://shop.example/api/pay', status: 502, duration: 840 },
              ],
            },
          },
        },
      ]),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const time = (page: Page) => page.locator('.td-player-time').textContent();

  it('finds the rage-click session among decoys, jumps to its marker, and keeps a comment at 0:12', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await expect.poll(() => page.locator('tr[data-session-id]').count()).toBe(4);
    await page.getByLabel('Rage clicks').check();
    await expect.poll(() => page.locator('tr[data-session-id]').count()).toBe(1);
    expect(await page.locator('tr[data-session-id]').getAttribute('data-session-id')).toBe(target);
    // Its activity strip shows the rage click and the error.
    const strip = page.locator(`tr[data-session-id="${target}"] .activity-strip`);
    expect(await strip.getAttribute('aria-label')).toMatch(/1 rage click, 1 error/);
    expect(await strip.locator('[data-kind="rage"]').count()).toBe(1);

    // Saved as a playlist, it reopens (after a reload too) with the same result.
    await page.getByLabel('Playlist name').fill('Rage clicks this week');
    await page.getByRole('button', { name: 'Save as playlist' }).click();
    await page.getByRole('heading', { name: 'Rage clicks this week' }).waitFor();
    await page.reload();
    await expect.poll(() => page.locator('tr[data-session-id]').count()).toBe(1);
    expect(await page.locator('tr[data-session-id]').getAttribute('data-session-id')).toBe(target);
    await page.screenshot({ path: 'artifacts/viewer-playlist.png' });
    await page.locator(`tr[data-session-id="${target}"] a`).click();

    // The rage click's marker is on the timeline; clicking it lands at 0:05.
    const marker = page.getByRole('button', { name: /Rage click on button#pay at 0:05/ });
    await marker.waitFor();
    await marker.click();
    await expect.poll(() => time(page)).toMatch(/^0:05 \//);
    expect(await page.locator('.td-player-console').textContent()).not.toContain('boom-at-8s');
    // The error's marker lands at 0:08, where the console shows that error.
    await page.getByRole('button', { name: /Error: boom-at-8s at 0:08/ }).click();
    await expect.poll(() => time(page)).toMatch(/^0:08 \//);
    await expect
      .poll(() => page.locator('.td-player-console').textContent())
      .toContain('0:08  error  boom-at-8s');
    await page.locator('.td-player').press('ArrowRight'); // +5 s
    await expect.poll(() => time(page)).toMatch(/^0:13 \//);
    // The network panel shows the failed request made at 0:09, and clicks have markers.
    await expect
      .poll(() => page.locator('.td-player-network').textContent())
      .toContain('0:09POSThttps://shop.example/api/pay502840 ms');
    expect(await page.getByRole('button', { name: 'Click at 0:03' }).count()).toBe(1);

    // A ?t= link starts there; a comment made there survives a reload and brings you back.
    await page.goto(`${server.url}/#/sessions/${target}?t=12`);
    await expect.poll(() => time(page)).toMatch(/^0:12 \//);
    await page.getByLabel('Comment', { exact: true }).fill('Pay button does nothing here');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.getByRole('button', { name: '0:12', exact: true }).waitFor();
    await page.goto(`${server.url}/#/sessions/${target}`);
    await page.reload();
    await expect.poll(() => time(page)).toMatch(/^0:00 \//);
    await page.getByRole('button', { name: '0:12', exact: true }).click();
    await expect.poll(() => time(page)).toMatch(/^0:12 \//);
    await page.screenshot({ path: 'artifacts/viewer-player.png' });
    await page.goto(`${server.url}/#/`);
    await page.locator('tr[data-session-id]').first().waitFor();
    await page.screenshot({ path: 'artifacts/viewer-list.png' });
    await page.close();
  });

  it('tags a recording and changes the settings, with usage shown', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await page.goto(`${server.url}/#/sessions/${target}`);
    await page.getByLabel('New tag').fill('checkout-bug');
    await page.getByLabel('New tag').press('Enter');
    await page.getByRole('button', { name: 'Remove tag checkout-bug' }).waitFor();
    const tags = await server.api(`/api/sessions/${target}/tags`);
    expect(await tags.json()).toEqual({ tags: ['checkout-bug'] });

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByText('Sessions stored').waitFor();
    await page.getByLabel('Keep recordings for').fill('90');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const settings = (await (await server.api('/api/settings')).json()) as {
      retentionDays: number;
    };
    expect(settings.retentionDays).toBe(90);
    await page.screenshot({ path: 'artifacts/viewer-settings.png' });
    await page.close();
  });

  it('finds the drop-off: checkout started, but no payment after it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await expect.poll(() => page.locator('tr[data-session-id]').count()).toBe(4);
    await page.getByLabel('Did event').pressSequentially('checkout_started'); // typed: focus must stay
    await page.getByLabel('But not after').fill('payment_succeeded');
    await expect.poll(() => page.locator('tr[data-session-id]').count()).toBe(1);
    expect(await page.locator('tr[data-session-id]').getAttribute('data-session-id')).toBe(target);
    await page.close();
  });

  it('pins a recording to a playlist beside what its filters find', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    const decoy = await page
      .locator(`tr[data-session-id]:not([data-session-id="${target}"])`)
      .first()
      .getAttribute('data-session-id');
    await page.goto(`${server.url}/#/sessions/${decoy}`);
    await page.getByRole('button', { name: 'Pin to playlist' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Pinned to Rage clicks this week.' })
      .waitFor();
    await page.getByRole('link', { name: 'Playlists' }).click();
    await page.getByRole('link', { name: 'Rage clicks this week' }).click();
    await expect.poll(() => page.locator('tr[data-session-id]').count()).toBe(2);
    const ids = await page
      .locator('tr[data-session-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')));
    expect(ids).toEqual([decoy, target]);
    await page.close();
  });

  it('lets an admin make a key (shown once) and revoke it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await page.goto(`${server.url}/#/settings`);
    await page.getByLabel('Key name').fill('Product team');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = await page.getByRole('status').filter({ hasText: 'shown once' }).textContent();
    const key = /tdk_[\w-]+/.exec(shown ?? '')?.[0];
    expect(
      (await fetch(`${server.url}/api/sessions`, { headers: { Authorization: `Bearer ${key}` } }))
        .status,
    ).toBe(200);
    page.once('dialog', (dialog) => dialog.accept());
    await page
      .getByRole('row', { name: /Product team/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await expect
      .poll(
        async () =>
          (
            await fetch(`${server.url}/api/sessions`, {
              headers: { Authorization: `Bearer ${key}` },
            })
          ).status,
      )
      .toBe(401);
    await page.close();
  });

  it('keeps a notebook whose links open the recording at that moment', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await page.goto(`${server.url}/#/notebooks`);
    await page.getByLabel('Notebook title').fill('Why checkout drops');
    await page.getByRole('button', { name: 'Create notebook' }).click();
    await page.getByRole('heading', { name: 'Why checkout drops' }).waitFor();
    await page.getByLabel('Notebook text').fill('Hypothesis: the pay button looks dead.');
    await page.getByRole('button', { name: 'Save notebook' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const notebookUrl = page.url();

    await page.goto(`${server.url}/#/sessions/${target}?t=12`);
    await expect.poll(() => time(page)).toMatch(/^0:12 \//);
    await page.getByRole('button', { name: 'Add this moment to the notebook' }).click();
    await page.getByRole('status').filter({ hasText: 'Added 0:12.' }).waitFor();

    await page.goto(notebookUrl);
    await page.getByRole('link', { name: 'Recording at 0:12' }).click();
    await expect.poll(() => time(page)).toMatch(/^0:12 \//);
    await page.close();
  });

  it('deletes a recording, and it is gone from the list', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await expect.poll(() => page.locator('tr[data-session-id]').count()).toBe(4);
    const victim = await page.locator('tr[data-session-id]').last().getAttribute('data-session-id');
    await page.goto(`${server.url}/#/sessions/${victim}`);
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Delete recording' }).click();
    await expect.poll(() => page.locator('tr[data-session-id]').count()).toBe(3);
    expect(await page.locator(`tr[data-session-id="${victim}"]`).count()).toBe(0);
    await page.close();
  });

  it('erases a person with their recordings', async () => {
    const res = await server.api('/api/sessions/import', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        events: recording(Date.now() - 30_000, []),
        distinctId: 'erin@example.com',
      }),
    });
    const { sessionId } = (await res.json()) as { sessionId: string };
    const page = await browser.newPage();
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await page.goto(`${server.url}/#/sessions/${sessionId}`);
    await page.getByRole('link', { name: 'erin@example.com' }).click();
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Delete this person and their recordings' }).click();
    await page.getByRole('heading', { name: 'Recordings' }).waitFor();
    await expect.poll(() => page.locator(`tr[data-session-id="${sessionId}"]`).count()).toBe(0);
    expect((await server.api('/api/persons/erin%40example.com')).status).toBe(404);
    await page.close();
  });
});
