// Records one session from a built outside app in Chromium and reads it back from the server:
// the page's text and the click must be stored, and no canary may be, anywhere.
import { gunzipSync } from 'node:zlib';
import { CANARY, page as pageOf } from './page.mjs';

/** Polls `read` until it returns something other than undefined. */
export async function waitFor(read, what, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every event of every session whose first URL starts with `origin`, by session. */
export async function storedSessions(server, origin) {
  const { sessions } = await (await server.api('/api/sessions')).json();
  const mine = sessions.filter((s) => s.firstUrl?.startsWith(origin));
  return Promise.all(
    mine.map(async (s) => {
      const text = await (await server.api(`/api/sessions/${s.id}/snapshots`)).text();
      const events = text
        .trim()
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => JSON.parse(line).events);
      return { id: s.id, events };
    }),
  );
}

const isClick = (e) => e.type === 3 && e.data?.source === 2 && e.data?.type === 2;

/** The bodies the page POSTs to Tapedeck's ingestion, as text. */
function collectBodies(page) {
  const bodies = [];
  page.on('request', (request) => {
    const body = request.postDataBuffer();
    if (!body || !/\/s\/?\?/.test(request.url())) return;
    const gzip = body[0] === 0x1f && body[1] === 0x8b;
    bodies.push((gzip ? gunzipSync(body) : body).toString('utf8'));
  });
  return bodies;
}

/**
 * Opens `url` (an app named `app`), types the canary, clicks, and waits for the stored
 * session to hold the page's text and the click. `cookies` are set first (e.g. the user a
 * server-side decision reads); sessions in `exclude` (ids) are not this visit's. Returns the session and the canaries that reached the server.
 */
export async function recordApp(
  browser,
  server,
  app,
  url,
  { cookies = [], exclude = new Set() } = {},
) {
  const texts = pageOf(app);
  const context = await browser.newContext();
  try {
    if (cookies.length > 0) await context.addCookies(cookies.map((c) => ({ ...c, url })));
    const page = await context.newPage();
    const bodies = collectBodies(page);
    await page.goto(url);
    await page.getByText(texts.visible).waitFor();
    await page.getByLabel('Name').pressSequentially(texts.typed);
    await page.getByRole('button', { name: 'Press' }).click();
    await page.getByText('pressed', { exact: true }).waitFor();
    const origin = new URL(url).origin;
    const session = await waitFor(async () => {
      const found = (await storedSessions(server, origin)).find(
        (s) =>
          !exclude.has(s.id) &&
          s.events.some(isClick) &&
          JSON.stringify(s.events).includes(texts.visible),
      );
      return found ?? undefined;
    }, `a stored session from ${app} with its text and the click`);
    await page.close({ runBeforeUnload: true });
    const stored = JSON.stringify((await storedSessions(server, origin)).map((s) => s.events));
    const leaked = new Set(
      [...`${stored}\n${bodies.join('\n')}`.matchAll(CANARY)].map((m) => m[0]),
    );
    return { session, leaked: [...leaked] };
  } finally {
    await context.close();
  }
}

/**
 * Opens `url` as a visitor the server said no to, clicks, waits for the page to show the
 * recorder as sampled out, leaves, and returns how many requests went to ingestion (must be
 * none: a `decision` of no is never recorded).
 */
export async function visitUnrecorded(browser, app, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const bodies = collectBodies(page);
    await page.goto(url);
    await page.getByText(pageOf(app).visible).waitFor();
    await page.getByRole('button', { name: 'Press' }).click();
    await page.getByText('pressed', { exact: true }).waitFor();
    await page.getByText('recorder: sampled-out').waitFor();
    await page.close({ runBeforeUnload: true });
    return bodies.length;
  } finally {
    await context.close();
  }
}
