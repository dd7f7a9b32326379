// Heatmaps from real recordings: three desktop sessions and a phone one on a page of three
// buttons, B clicked most. The API names B's selector hottest with its sessions; the viewer
// shades B hottest over a replayed snapshot of the page, and lists the sessions that clicked it.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { buildFixtures, openFixture, serveFixtures } from './fixtures.js';
import { type CliServer, startCliServer } from './server.js';
import { waitFor } from './session.js';

const SCREENS = '../docs/screens';

interface Heatmap {
  sessions: number;
  pageviews: number;
  snapshot: { sessionId: string; offsetMs: number } | null;
  elements: { selector: string; clicks: number; rage: number; dead: number; sessions: number }[];
  points: { x: number; y: number; clicks: number }[];
  scroll: { y: number; pageviews: number }[];
}

describe('heatmaps', () => {
  let server: CliServer;
  let browser: Browser;
  let fixtures: { url: string; close(): Promise<void> };
  const sessionIds: string[] = [];
  let pageUrl: string;

  /** One visitor in a browser context of their own (so a session of their own). */
  async function visit(width: number, act: (page: Page) => Promise<void>) {
    const context = await browser.newContext({ viewport: { width, height: 700 } });
    const page = await context.newPage();
    const id = await openFixture(page, fixtures.url, 'heatmap', server);
    await act(page);
    // Past the dead-click wait (2.5 s), so the last clicks are judged before recording stops.
    await page.waitForTimeout(3000);
    await page.evaluate(() =>
      (window as never as { recorder: { stop(): Promise<void> } }).recorder.stop(),
    );
    await context.close();
    return id;
  }

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    [server, browser] = await Promise.all([startCliServer(), launchChromium(), buildFixtures()]);
    fixtures = await serveFixtures();
    const ids = await Promise.all([
      visit(1280, async (page) => {
        for (const id of ['#b', '#a', '#b']) await page.click(id);
        await page.evaluate(() => window.scrollTo(0, 5000)); // read to the end
        await page.waitForTimeout(500);
      }),
      visit(1280, async (page) => {
        for (const id of ['#b', '#b']) {
          await page.click(id);
          await page.waitForTimeout(1100); // apart, so not a rage click
        }
        await page.click('#c');
      }),
      visit(1280, async (page) => {
        await page.click('#b');
        await page.click('#c', { clickCount: 3 }); // rage (and dead) clicks
      }),
    ]);
    sessionIds.push(...ids);
    await visit(600, (page) => page.click('#a'));
    pageUrl = `${fixtures.url}/heatmap.html`;
  });

  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
    await server?.stop();
  });

  const heatmap = async (query: string) =>
    (await (await server.api(`/api/heatmaps?${query}`)).json()) as Heatmap;

  it('names the hottest element by selector, with its sessions, per width', async () => {
    const url = encodeURIComponent(pageUrl);
    const desktop = await waitFor(async () => {
      const map = await heatmap(`url=${url}&width=desktop`);
      const dead = map.elements.find((e) => e.selector === 'button#c')?.dead ?? 0;
      return map.sessions === 3 && dead > 0 ? map : undefined;
    }, 'three desktop sessions with their clicks');
    expect(desktop.elements[0]).toMatchObject({ selector: 'button#b', clicks: 5, sessions: 3 });
    const c = desktop.elements.find((e) => e.selector === 'button#c')!;
    expect(c).toMatchObject({ clicks: 4, rage: 1, sessions: 2 });
    expect(desktop.elements.find((e) => e.selector === 'button#a')).toMatchObject({
      clicks: 1,
      sessions: 1,
    });
    expect(desktop.points.reduce((n, p) => n + p.clicks, 0)).toBe(10);
    // One page view was read to the end of the 2,000 px page; the others saw the first 700 px.
    const deepest = Math.max(...desktop.scroll.map((s) => s.y));
    expect(deepest).toBeGreaterThanOrEqual(1900);
    expect(desktop.scroll.reduce((n, s) => n + s.pageviews, 0)).toBe(3);
    expect(sessionIds).toContain(desktop.snapshot?.sessionId);

    // Phones are a map of their own; all widths together are the sum.
    const phone = await waitFor(async () => {
      const map = await heatmap(`url=${url}&width=mobile`);
      return map.sessions === 1 ? map : undefined;
    }, 'the phone session');
    expect(phone.elements).toEqual([
      { selector: 'button#a', clicks: 1, rage: 0, dead: 0, sessions: 1 },
    ]);
    const all = await heatmap(`url=${url}`);
    expect(all.sessions).toBe(4);
    // A pattern: a trailing * matches every URL that starts with the rest.
    const pattern = await heatmap(`url=${encodeURIComponent(`${fixtures.url}/heat*`)}`);
    expect(pattern.sessions).toBe(4);

    const { sessions } = (await (
      await server.api(`/api/heatmaps/sessions?url=${url}&selector=button%23b&width=desktop`)
    ).json()) as { sessions: { sessionId: string; offsetMs: number; clicks: number }[] };
    expect(sessions.map((s) => s.sessionId).sort()).toEqual([...sessionIds].sort());
    expect(sessions.reduce((n, s) => n + s.clicks, 0)).toBe(5);
  });

  it('shades the hottest element over a replayed snapshot and lists who clicked it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/#key=${server.adminKey}`);
    await page.getByRole('link', { name: 'Heatmaps' }).click();
    await page.getByLabel('Page').selectOption(pageUrl);
    await page.getByLabel('Width').selectOption('desktop');
    await page.getByText('3 sessions').waitFor();
    const hottest = page.locator('.heatmap-box[data-rank="1"]');
    await expect
      .poll(() => hottest.getAttribute('data-selector'), { timeout: 30_000 })
      .toBe('button#b');
    expect(await hottest.getAttribute('data-clicks')).toBe('5');
    // B is shaded more strongly than A, found by the same selector in the replay.
    const alpha = (selector: string) =>
      page
        .locator(`.heatmap-box[data-selector="${selector}"]`)
        .evaluate((el) => Number(getComputedStyle(el).getPropertyValue('--heat')));
    expect(await alpha('button#b')).toBeGreaterThan(await alpha('button#a'));
    // The box sits over B in the replay: B's text is under its centre.
    const under = await hottest.evaluate((box) => {
      const r = box.getBoundingClientRect();
      const iframe = document.querySelector<HTMLIFrameElement>('.heatmap-stage iframe')!;
      const f = iframe.getBoundingClientRect();
      const scale = f.width / iframe.offsetWidth;
      const x = (r.left + r.width / 2 - f.left) / scale;
      const y = (r.top + r.height / 2 - f.top) / scale;
      return iframe.contentDocument?.elementFromPoint(x, y)?.textContent;
    });
    expect(under).toBe('Team');
    await page.screenshot({ path: `${SCREENS}/heatmaps-1280x800.png` });

    await hottest.click();
    const links = page.locator('.heatmap-sessions a[href^="#/sessions/"]');
    await expect.poll(() => links.count()).toBe(3);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const id of sessionIds)
      expect(hrefs.some((h) => h.startsWith(`#/sessions/${id}?t=`))).toBe(true);
    await links.first().click();
    await page.locator('.td-player').waitFor();
    await page.close();
  });
});
