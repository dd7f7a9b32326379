import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  getJson,
  gz,
  post,
  removeDir,
  startTestServer,
  type TestServer,
  tableRows,
} from './helpers.js';

const T = Date.now() - 600_000;
const sid = (n: number) => `0192a0c1-7d2e-7c3b-9a4f-2000000000${String(n).padStart(2, '0')}`;
const WINDOW = '0192a0c1-7d2e-7c3b-9a4f-00000000000b';
const PAGE = 'https://shop.example/pricing';
const meta = (t: number, href: string, width: number) => ({
  type: 4,
  timestamp: t,
  data: { href, width, height: 700 },
});
const snapshot = (t: number, docId: number) => ({
  type: 2,
  timestamp: t,
  data: { node: { type: 0, childNodes: [], id: docId }, initialOffset: { top: 0, left: 0 } },
});
const click = (t: number, selector: string | undefined, x: number, y: number) => ({
  type: 3,
  timestamp: t,
  data: { source: 2, type: 2, id: 9, x, y, ...(selector ? { selector } : {}) },
});
const scroll = (t: number, id: number, y: number) => ({
  type: 3,
  timestamp: t,
  data: { source: 3, id, x: 0, y },
});
const signal = (t: number, tag: string, selector: string) => ({
  type: 5,
  timestamp: t,
  data: { tag, payload: { selector, text: 'Team' } },
});

async function send(server: TestServer, n: number, seq: number, events: unknown[]) {
  const chunk = { sessionId: sid(n), windowId: WINDOW, seq, sentAt: Date.now() };
  const body = { ...chunk, sdk: { name: '@tapedeck/core', version: '0.0.0-test' }, events };
  const { status, json } = await post(server, gz(body), { query: 'compression=gzip' });
  expect(status, JSON.stringify(json)).toBe(200);
}

const heatmap = async (server: TestServer, query: string) => {
  const { status, json } = await getJson(server, `/api/heatmaps?${query}`);
  expect(status, JSON.stringify(json)).toBe(200);
  return json as {
    sessions: number;
    pageviews: number;
    snapshot: { sessionId: string; offsetMs: number } | null;
    elements: { selector: string; clicks: number; rage: number; dead: number; sessions: number }[];
    points: { x: number; y: number; clicks: number }[];
    scroll: { y: number; pageviews: number }[];
  };
};

describe('heatmaps', () => {
  let server: TestServer;
  const url = encodeURIComponent(PAGE);

  beforeAll(async () => {
    server = await startTestServer();
    // Session 1, desktop: the page's snapshot in chunk 0; clicks after a scroll in chunk 1,
    // which has no page view of its own (as the recorder cuts chunks every 2 s).
    await send(server, 1, 0, [
      meta(T, `${PAGE}?coupon=SPRING&token=abc#plans`, 1280),
      snapshot(T + 1, 50),
      click(T + 100, 'button#team', 400, 300),
    ]);
    await send(server, 1, 1, [
      scroll(T + 2000, 77, 900), // an element's scroll: not the page's
      scroll(T + 2100, 50, 600),
      click(T + 2200, 'button#team', 404, 306),
      click(T + 2300, undefined, 10, 10), // an older SDK: a point, no element
      signal(T + 2400, '$rageclick', 'button#team'),
    ]);
    // Session 2, phone, then the same page at desktop width after a resize.
    await send(server, 2, 0, [
      meta(T + 5000, PAGE, 390),
      snapshot(T + 5001, 1),
      click(T + 5100, 'button#basic', 100, 200),
      signal(T + 5200, '$dead_click', 'button#basic'),
    ]);
    // Session 3, another page of the site.
    await send(server, 3, 0, [
      meta(T + 9000, 'https://shop.example/pricing/faq', 1280),
      snapshot(T + 9001, 1),
      click(T + 9100, 'a.question', 50, 60),
    ]);
  });

  afterAll(async () => {
    await server?.close();
    removeDir(server.dataDir);
  });

  it('groups clicks by selector, follows the page and its scroll across chunks', async () => {
    const desktop = await heatmap(server, `url=${url}&width=desktop`);
    expect(desktop).toMatchObject({ sessions: 1, pageviews: 1 });
    expect(desktop.snapshot).toEqual({ sessionId: sid(1), offsetMs: 0 });
    expect(desktop.elements).toEqual([
      { selector: 'button#team', clicks: 2, rage: 1, dead: 0, sessions: 1 },
    ]);
    // The second click was 600 px down the page; the anonymous one still counts as a point.
    expect(desktop.points).toEqual(
      expect.arrayContaining([
        { x: 400, y: 300, clicks: 1 },
        { x: 400, y: 900, clicks: 1 },
        { x: 10, y: 610, clicks: 1 },
      ]),
    );
    // Deepest fold: 600 px scrolled + 700 px viewport.
    expect(desktop.scroll).toEqual([{ y: 1300, pageviews: 1 }]);

    const phone = await heatmap(server, `url=${url}&width=mobile`);
    expect(phone.elements).toEqual([
      { selector: 'button#basic', clicks: 1, rage: 0, dead: 1, sessions: 1 },
    ]);
    const all = await heatmap(server, `url=${url}`);
    expect(all.sessions).toBe(2);
    const site = await heatmap(server, `url=${encodeURIComponent('https://shop.example/pri*')}`);
    expect(site.sessions).toBe(3);
    // Most clicks first, then most rage and dead clicks.
    expect(site.elements.map((e) => e.selector)).toEqual([
      'button#team',
      'button#basic',
      'a.question',
    ]);
    const later = await heatmap(server, `url=${url}&from=${T + 4000}`);
    expect(later.sessions).toBe(1);
  });

  it('keeps no query or fragment of the page, lists pages, and who clicked what', async () => {
    const rows = (await tableRows(server, 'page_views')) as { url: string }[];
    expect(rows.map((r) => r.url)).not.toContain(expect.stringContaining('abc'));
    const { json } = await getJson(server, '/api/heatmaps/urls');
    expect(json).toEqual({
      urls: [
        { url: PAGE, pageviews: 2 },
        { url: 'https://shop.example/pricing/faq', pageviews: 1 },
      ],
    });
    const who = await getJson(
      server,
      `/api/heatmaps/sessions?url=${url}&selector=${encodeURIComponent('button#team')}`,
    );
    expect(who.json).toEqual({
      sessions: [
        { sessionId: sid(1), distinctId: null, timestamp: T + 100, offsetMs: 100, clicks: 3 },
      ],
    });
  });

  it('refuses what it cannot answer boundedly', async () => {
    for (const query of [
      '',
      `url=${url}&width=huge`,
      `url=${url}&limit=100000`,
      `url=${url}&x=1`,
    ]) {
      const { status } = await getJson(server, `/api/heatmaps?${query}`);
      expect(status, query).toBe(400);
    }
    const { status } = await getJson(server, `/api/heatmaps/sessions?url=${url}`);
    expect(status).toBe(400);
  });

  it('forgets a deleted session’s clicks and page views', async () => {
    const response = await fetch(`${server.url}/api/sessions/${sid(2)}`, {
      method: 'DELETE',
      headers: auth(),
    });
    expect(response.status).toBeLessThan(300);
    const rows = [
      ...((await tableRows(server, 'page_views')) as { session_id: string }[]),
      ...((await tableRows(server, 'page_clicks')) as { session_id: string }[]),
    ];
    expect(rows.some((r) => r.session_id === sid(2))).toBe(false);
    expect((await heatmap(server, `url=${url}`)).sessions).toBe(1);
  });
});
