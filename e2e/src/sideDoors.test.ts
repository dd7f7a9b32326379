// Issue #16: private under every option. Nothing the page masks, blocks or hides may leave the
// browser by a side door: UX signals, URLs (Meta, page views, U-turns, network entries,
// resource timings), attributes inside masked text, network bodies, console arguments, a page
// opened directly on a blocklisted URL, and identify/capture while opted out.
//
// The canary page is fixtures/side-doors.html: every secret starts with `canary-`, every
// string that must arrive starts with `control-`. Everything the page POSTs to Tapedeck, the
// stored session (API) and every file in the server's data folder are searched for canaries;
// a failure lists each leaked canary with the kind of event or request it travelled in.
//
// Run (after `npx -y pnpm@12.4.2 turbo run build --filter=@tapedeck/server... --filter=@tapedeck/core`
// at the root; needs Chromium, see scripts/chromium.mjs):
//   cd e2e && npx vitest run src/sideDoors.test.ts
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../scripts/serveStatic.mjs';
import { launchChromium } from './browser.js';
import { type CliServer, startCliServer } from './server.js';
import type { ReplayEvent } from './session.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const CANARY = /canary[-\w@.%]*/g;
const FLUSH_MS = 300;
/** rrweb IncrementalSnapshot sources, by number. */
const SOURCES = [
  'Mutation',
  'MouseMove',
  'MouseInteraction',
  'Scroll',
  'ViewportResize',
  'Input',
  'TouchMove',
  'MediaInteraction',
  'StyleSheetRule',
  'CanvasMutation',
  'Font',
  'Log',
  'Drag',
  'StyleDeclaration',
  'Selection',
  'AdoptedStyleSheet',
  'CustomElement',
];
const ALLOWED = ['allowed-json', 'allowed-form', 'allowed-multipart', 'allowed-xhr'];
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Every capture switched on; bodies allowed for the `allowed-*` endpoints only. */
const everyCapture = (origin: string) => ({
  flushIntervalMs: FLUSH_MS,
  remoteConfig: false,
  recordConsole: true,
  recordNetwork: {
    recordHeaders: true,
    recordBody: true,
    networkBodyAllowUrls: ALLOWED.map((path) => `${origin}/side-doors-api/${path}`),
  },
  recordCanvas: { fps: 4, quality: 0.4 },
  recordMouseMoves: true,
});

// ---------------------------------------------------------------------------------------------
// What left the browser, and where it is kept

interface Sent {
  url: string;
  method: string;
  body: string;
  /** What the test was doing when the request left (see `phase`). */
  phase: string;
}

/**
 * Every request the page makes to the Tapedeck server, with its (gunzipped) body, labelled
 * with what `phase()` says the test is doing at the time. Playwright does not report a
 * `sendBeacon` made while a page unloads (reload, close): what those carry is caught in the
 * stored session and on disk instead, without a phase.
 */
function collectSent(page: Page, server: CliServer, phase: () => string): Sent[] {
  const sent: Sent[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url)) return;
    const raw = request.postDataBuffer();
    const gzip = raw?.[0] === 0x1f && raw[1] === 0x8b;
    const body = raw ? (gzip ? gunzipSync(raw) : raw).toString('utf8') : '';
    sent.push({ url: request.url(), method: request.method(), body, phase: phase() });
  });
  return sent;
}

/** A place a canary can be found: where (request, API, disk), what kind of event, the text. */
interface Place {
  where: string;
  kind: string;
  text: string;
}

function describeEvent(event: ReplayEvent): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  switch (event.type) {
    case 0:
      return 'DomContentLoaded event';
    case 1:
      return 'Load event';
    case 2:
      return 'FullSnapshot (the DOM)';
    case 3:
      return `IncrementalSnapshot/${SOURCES[data.source as number] ?? data.source}`;
    case 4:
      return 'Meta event (page URL)';
    case 5:
      return `custom event ${String(data.tag)}`;
    case 6: {
      const payload = JSON.stringify(data.payload ?? {});
      const what = /"(?:initiatorType|entryType|kind|type)":"([^"]+)"/.exec(payload)?.[1];
      return `plugin ${String(data.plugin)}${what ? ` (${what})` : ''}`;
    }
    default:
      return `event type ${event.type}`;
  }
}

/** The places in a text that may be a chunk (JSON with `events`), NDJSON of those, or raw. */
function placesIn(where: string, text: string): Place[] {
  const chunks: unknown[] = [];
  try {
    chunks.push(JSON.parse(text));
  } catch {
    try {
      for (const line of text.split('\n').filter((l) => l.trim())) chunks.push(JSON.parse(line));
    } catch {
      return [{ where, kind: 'raw', text }];
    }
  }
  const places: Place[] = [];
  for (const chunk of chunks) {
    const events = (chunk as { events?: ReplayEvent[] })?.events;
    if (!Array.isArray(events)) {
      places.push({ where, kind: 'JSON', text: JSON.stringify(chunk) });
      continue;
    }
    const { events: _, ...envelope } = chunk as Record<string, unknown>;
    places.push({ where, kind: 'chunk envelope', text: JSON.stringify(envelope) });
    for (const event of events)
      places.push({ where, kind: describeEvent(event), text: JSON.stringify(event) });
  }
  return places;
}

const placesSent = (sent: Sent[]): Place[] =>
  sent.flatMap((s) => {
    const during = s.phase ? ` (${s.phase})` : '';
    return [
      { where: `request URL to Tapedeck${during}`, kind: s.method, text: s.url },
      ...(s.body ? placesIn(`request body to ${new URL(s.url).pathname}${during}`, s.body) : []),
    ];
  });

async function json(server: CliServer, path: string): Promise<unknown> {
  const response = await server.api(path);
  return response.ok ? response.json() : null;
}

async function sessionIds(server: CliServer): Promise<string[]> {
  const list = (await json(server, '/api/sessions')) as { sessions?: { id: string }[] } | null;
  return list?.sessions?.map((s) => s.id) ?? [];
}

async function storedEvents(server: CliServer, id: string): Promise<ReplayEvent[]> {
  const response = await server.api(`/api/sessions/${id}/snapshots`);
  if (!response.ok) return [];
  return (await response.text())
    .trim()
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => (JSON.parse(line) as { events: ReplayEvent[] }).events);
}

/** Everything the server keeps, as the API shows it: the session list, each session, its events. */
async function placesStored(server: CliServer): Promise<Place[]> {
  const places: Place[] = [
    {
      where: 'API /api/sessions',
      kind: 'session list',
      text: JSON.stringify(await json(server, '/api/sessions')),
    },
  ];
  for (const id of await sessionIds(server)) {
    const meta = await json(server, `/api/sessions/${id}`);
    places.push({
      where: `API /api/sessions/${id}`,
      kind: 'session metadata',
      text: JSON.stringify(meta),
    });
    for (const event of await storedEvents(server, id))
      places.push({
        where: 'stored session events',
        kind: describeEvent(event),
        text: JSON.stringify(event),
      });
  }
  return places;
}

/** Every file in the data folder: chunks gunzipped, the rest (SQLite, WAL…) as raw bytes. */
function placesOnDisk(dataDir: string): Place[] {
  const places: Place[] = [];
  for (const file of readdirSync(dataDir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dataDir, file);
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    const where = `file on disk ${relative(dataDir, path)}`;
    if (bytes[0] === 0x1f && bytes[1] === 0x8b)
      places.push(...placesIn(where, gunzipSync(bytes).toString('utf8')));
    else places.push({ where, kind: 'raw', text: bytes.toString('latin1') });
  }
  return places;
}

const joined = (places: Place[]) => places.map((p) => p.text).join('\n');

/** Each canary found (matching `pattern`), grouped by canary and kind, with 60 characters of context. */
function leaks(places: Place[], pattern: RegExp = CANARY): string[] {
  const found = new Map<string, { where: Set<string>; context: string }>();
  for (const place of places) {
    for (const match of place.text.matchAll(new RegExp(pattern.source, 'g'))) {
      const at = match.index ?? 0;
      const key = `${match[0]}  in  ${place.kind}`;
      const entry = found.get(key) ?? {
        where: new Set<string>(),
        context: place.text
          .slice(Math.max(0, at - 60), at + match[0].length + 60)
          .replace(/\s+/g, ' ')
          .replace(/[^\x20-\x7e]/g, '·'),
      };
      entry.where.add(place.where.replace(/ \S+\/[\w.-]+\.json\.gz$/, ' (chunk files)'));
      found.set(key, entry);
    }
  }
  return [...found].map(
    ([key, { where, context }]) => `${key}  [${[...where].join('; ')}]\n      …${context}…`,
  );
}

function expectNoLeaks(places: Place[], what: string, pattern?: RegExp) {
  const found = leaks(places, pattern);
  const list = found.map((leak) => `\n  - ${leak}`).join('');
  // Soft: every check of a test reports, not only the first that fails.
  expect
    .soft(found.length, `${found.length} canaries left the browser (${what}):${list}\n`)
    .toBe(0);
}

// ---------------------------------------------------------------------------------------------
// Driving the page

type Status = string;

/** Polls `read` until it returns a value (never a fixed sleep). */
async function until<T>(
  read: () => Promise<T | undefined> | T | undefined,
  what: string | (() => string),
  ms = 20_000,
) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) {
      const described = typeof what === 'function' ? what() : what;
      throw new Error(`timed out after ${ms} ms waiting for ${described}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function status(page: Page): Promise<Status | undefined> {
  return page.evaluate(
    () =>
      (
        window as never as { recorder?: { getSnapshot(): { status: string } } }
      ).recorder?.getSnapshot().status,
  );
}

async function waitForStatus(page: Page, wanted: Status[], errors: string[]) {
  let last: Status | undefined;
  await until(
    async () => {
      last = await status(page);
      return last && wanted.includes(last) ? true : undefined;
    },
    () =>
      `recorder status ${wanted.join(' or ')} (last: ${last}; page errors: ${errors.join(' | ') || 'none'})`,
    15_000,
  );
}

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Serves the fake API (bodies with secrets in their responses) on the fixtures' origin. */
async function routeApi(context: BrowserContext) {
  await context.route(
    (url) => url.pathname.startsWith('/side-doors-api/'),
    (route) => {
      const path = new URL(route.request().url()).pathname.split('/').pop() ?? '';
      const allowed = path.startsWith('allowed-');
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'X-Session-Token': 'canary-response-session-header' },
        body: JSON.stringify(
          allowed
            ? {
                status: 'control-allowed-response',
                access_token: 'canary-response-access-token',
                refresh_token: 'canary-response-refresh-token',
              }
            : { message: 'canary-other-response-body' },
        ),
      });
    },
  );
  await context.route(
    (url) => url.pathname.startsWith('/side-doors-') && url.pathname.endsWith('.gif'),
    (route) => route.fulfill({ status: 200, contentType: 'image/gif', body: GIF }),
  );
}

/** `times` quick clicks at one point of `selector`'s padding (the element itself, not a child). */
async function clickPadding(page: Page, selector: string, times: number) {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  for (let i = 0; i < times; i++) {
    await page.mouse.click(box.x + 6, box.y + 6);
    if (i < times - 1) await page.waitForTimeout(120); // a human's rage, well inside the burst
  }
}

const includes = (sent: Sent[], ...needles: string[]) => {
  const text = sent.map((s) => s.body).join('\n');
  return needles.every((n) => text.includes(n)) ? true : undefined;
};

function customPayloads(places: Place[], tag: string): Record<string, unknown>[] {
  return places
    .filter((p) => p.where === 'stored session events' && p.kind === `custom event ${tag}`)
    .map((p) => (JSON.parse(p.text) as ReplayEvent).data.payload ?? {});
}

// ---------------------------------------------------------------------------------------------

describe('issue #16: no side door lets a canary out', () => {
  let browser: Browser;
  let fixtures: { url: string; close(): Promise<void> };
  let outDir: string;
  const servers: CliServer[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'tapedeck-side-doors-'));
    await build({
      root: FIXTURES,
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        rollupOptions: { input: [join(FIXTURES, 'side-doors.html')] },
      },
    });
    [browser, fixtures] = await Promise.all([launchChromium(), serveStatic(outDir)]);
  });

  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
    await Promise.all(servers.map((s) => s.stop()));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  /** A fresh server (so its data folder holds this test's sessions only) and browser context. */
  async function setUp() {
    const server = await startCliServer();
    servers.push(server);
    const context = await browser.newContext();
    await routeApi(context);
    const page = await context.newPage();
    const phase = { now: '' };
    const sent = collectSent(page, server, () => phase.now);
    return { server, context, page, errors: watchErrors(page), sent, phase };
  }

  function fixtureUrl(
    server: CliServer,
    options: object,
    query: Record<string, string>,
    hash = '',
  ) {
    const params = new URLSearchParams({
      ...query,
      host: server.url,
      token: server.token,
      options: JSON.stringify(options),
    });
    return `${fixtures.url}/side-doors.html?${params}${hash}`;
  }

  /** Leaves the page, then waits for the server to hold every one of `markers`. */
  async function leaveAndWaitStored(server: CliServer, context: BrowserContext, markers: string[]) {
    for (const page of context.pages()) await page.close({ runBeforeUnload: true });
    await context.close();
    return until(
      async () => {
        const stored = await placesStored(server);
        return markers.every((m) => joined(stored).includes(m)) ? stored : undefined;
      },
      `the stored session to hold ${markers.join(', ')}`,
    );
  }

  it.each(['default', 'strict'] as const)(
    'every capture on, privacy %s: signals, URLs, masked attributes, bodies and console keep every canary',
    async (privacy) => {
      const { server, context, page, errors, sent } = await setUp();
      const options = { ...everyCapture(fixtures.url), privacy };

      // A deep link whose query and fragment hold secrets.
      await page.goto(
        fixtureUrl(
          server,
          options,
          {
            page: 'control-page-1',
            reset_token: 'canary-initial-reset-token',
            email: 'canary-initial-email',
          },
          '#access_token=canary-initial-fragment-token&state=control-state',
        ),
      );
      await waitForStatus(page, ['recording'], errors);
      await until(() => includes(sent, '"type":2'), 'the first full snapshot to be sent');

      // pushState to another URL with secrets (a page view).
      await page.evaluate(() =>
        (window as never as { sideDoors: { go(url: string): void } }).sideDoors.go(
          '/side-doors.html?page=control-page-2&code=canary-pushstate-code&email=canary-pushstate-email#id_token=canary-pushstate-fragment-token',
        ),
      );
      // A U-turn: to a page with secrets in its URL, and back within 3 s.
      await page.evaluate(() =>
        (window as never as { sideDoors: { go(url: string): void } }).sideDoors.go(
          '/side-doors.html?view=item&session=canary-uturn-session&password=canary-uturn-password',
        ),
      );
      await page.waitForTimeout(500); // on the page a moment, well inside the U-turn's 3 s
      await page.evaluate(() => history.back());
      await until(() => includes(sent, '$u_turn'), 'the $u_turn signal');
      // A hash route with a secret.
      await page.evaluate(() => {
        location.hash = '#/settings?token=canary-hash-route-token&tab=control-tab';
      });

      // Network bodies (allowed and not), console arguments, and a resource with a secret URL.
      await page.evaluate(async () => {
        const doors = (
          window as never as {
            sideDoors: { network(): Promise<void>; console(): void; resource(): Promise<void> };
          }
        ).sideDoors;
        await doors.network();
        doors.console();
        await doors.resource();
      });
      await until(
        () =>
          includes(
            sent,
            'side-doors-api/allowed-json',
            'side-doors-api/other-xhr',
            'side-doors-api/search',
            'control-console-message',
            'side-doors-pixel.gif',
          ),
        'the network entries, console calls and the pixel resource timing to be sent',
      );

      // Rage clicks on a card holding masked and blocked text, and on a wrapper around a
      // contenteditable and form fields.
      const signalOn = (tag: string, id: string) => () =>
        new RegExp(`"\\${tag}"[^}]*#${id}\\b`).test(sent.map((s) => s.body).join('\n'))
          ? true
          : undefined;
      await clickPadding(page, '#rage-card', 3);
      await until(signalOn('$rageclick', 'rage-card'), 'the $rageclick signal on #rage-card');
      await clickPadding(page, '#editor', 3);
      await until(signalOn('$rageclick', 'editor'), 'the $rageclick signal on #editor');
      // A dead click on another such card: nothing changes, so the signal comes ~2.5 s later.
      await clickPadding(page, '#dead-card', 1);
      await until(
        signalOn('$dead_click', 'dead-card'),
        'the $dead_click signal on #dead-card',
        10_000,
      );

      const stored = await leaveAndWaitStored(server, context, [
        '$rageclick',
        '$dead_click',
        '$u_turn',
        'side-doors-pixel.gif',
      ]);
      const everything = [...placesSent(sent), ...stored, ...placesOnDisk(server.dataDir)];

      // The controls arrived (what the page allows is still recorded)...
      const storedText = joined(stored);
      const controls = [
        'control-visible-card',
        'control-open-area',
        'control-page-2',
        'control-allowed-field',
        'control-allowed-form-user',
        'control-allowed-xhr-field',
        'control-allowed-response',
        'control-console-message',
      ];
      expect
        .soft(
          controls.filter((c) => !storedText.includes(c)),
          'control strings missing from the stored session',
        )
        .toEqual([]);
      // ...the signals still fire, with their selectors...
      const rage = customPayloads(stored, '$rageclick');
      const dead = customPayloads(stored, '$dead_click');
      expect
        .soft(
          rage.map((p) => p.selector),
          '$rageclick selectors',
        )
        .toContainEqual(expect.stringContaining('rage-card'));
      expect
        .soft(
          rage.map((p) => p.selector),
          '$rageclick selectors',
        )
        .toContainEqual(expect.stringContaining('editor'));
      expect
        .soft(
          dead.map((p) => p.selector),
          '$dead_click selectors',
        )
        .toContainEqual(expect.stringContaining('dead-card'));
      expect.soft(customPayloads(stored, '$u_turn'), '$u_turn signals').not.toEqual([]);
      // ...and no canary left: not in a request, not in the stored session, not on disk.
      expectNoLeaks(everything, `privacy: '${privacy}', every capture on`);
      expect(errors, 'page errors').toEqual([]);
    },
  );

  it('a page opened directly (and reloaded) on a blocklisted URL sends neither its URL nor its DOM', async () => {
    const { server, context, page, errors, sent, phase } = await setUp();
    const options = { ...everyCapture(fixtures.url), urlBlocklist: ['blocked-area'] };
    const go = (url: string) =>
      page.evaluate(
        (to) => (window as never as { sideDoors: { go(url: string): void } }).sideDoors.go(to),
        url,
      );

    // A fresh load (a deep link) straight onto the blocked area, whose unmasked text is a secret.
    phase.now = 'fresh load on the blocked URL';
    await page.goto(
      fixtureUrl(server, options, { area: 'blocked-area', ref: 'canary-blocked-url-ref' }),
    );
    await waitForStatus(page, ['paused'], errors);
    // What happens there: a rage click on the secret text, a console log, a request.
    await clickPadding(page, '#area', 3);
    await page.evaluate(() =>
      (
        window as never as { sideDoors: { whileBlocked(): Promise<void> } }
      ).sideDoors.whileBlocked(),
    );

    // Leaving for an open URL records again, from a fresh snapshot.
    phase.now = 'pushState to an open URL';
    await go('/side-doors.html?area=open&page=control-after-block');
    await until(
      () => includes(sent, 'control-after-block', 'control-open-area'),
      'recording to resume on the open URL',
    );
    // Back to the blocked page within 3 s (a U-turn onto it; the app re-renders its secret).
    await page.waitForTimeout(500); // on the open page a moment, well inside the U-turn's 3 s
    phase.now = 'back to the blocked URL';
    await page.evaluate(() => history.back());
    await waitForStatus(page, ['paused'], errors);

    // A reload on the blocked URL, and then on to an open URL again.
    phase.now = 'reload on the blocked URL';
    await page.reload();
    await waitForStatus(page, ['paused'], errors);
    phase.now = 'pushState to an open URL after the reload';
    await go('/side-doors.html?area=open&page=control-after-reload');
    await until(
      () => includes(sent, 'control-after-reload'),
      'recording to resume after the reload',
    );

    const stored = await leaveAndWaitStored(server, context, [
      'control-after-block',
      'control-after-reload',
    ]);
    const everything = [...placesSent(sent), ...stored, ...placesOnDisk(server.dataDir)];
    expect.soft(joined(stored), 'the open page, recorded').toContain('control-open-area');
    // (The page's masked text and attributes are the first test's business: here, only the
    // blocked page's own canaries, which nothing but urlBlocklist keeps in.)
    expectNoLeaks(
      everything,
      'a page loaded directly on a urlBlocklist URL',
      /canary-blocked[-\w@.%]*/,
    );
    expect(errors, 'page errors').toEqual([]);
  });

  async function storage(page: Page, context: BrowserContext): Promise<Place[]> {
    const inPage = await page.evaluate(() => ({
      localStorage: JSON.stringify({ ...localStorage }),
      sessionStorage: JSON.stringify({ ...sessionStorage }),
      'document.cookie': document.cookie,
    }));
    const places = Object.entries(inPage).map(([where, text]) => ({
      where,
      kind: 'storage',
      text,
    }));
    places.push({
      where: 'cookies',
      kind: 'storage',
      text: JSON.stringify(await context.cookies()),
    });
    return places;
  }

  const identifyAndCapture = (page: Page) =>
    page.evaluate(() => {
      const recorder = (
        window as never as {
          recorder: {
            identify(id: string, properties: object): void;
            capture(event: string, properties: object): void;
          };
        }
      ).recorder;
      recorder.identify('canary-identify-person', { email: 'canary-identify-mail@example.com' });
      recorder.capture('canary-capture-event', { note: 'canary-capture-property' });
    });

  it('opted out by default: identify and capture write nothing to storage and send nothing', async () => {
    const { server, context, page, errors, sent, phase } = await setUp();
    phase.now = 'opted out';
    await page.goto(
      fixtureUrl(server, { ...everyCapture(fixtures.url), optOutByDefault: true }, {}),
    );
    await waitForStatus(page, ['waiting-for-consent'], errors);
    await identifyAndCapture(page);
    // Proving that nothing is sent needs time to pass: several flush intervals.
    await page.waitForTimeout(6 * FLUSH_MS);

    expectNoLeaks(await storage(page, context), 'storage while opted out');
    expect
      .soft(
        sent.map((s) => `${s.method} ${s.url}`),
        'requests to the Tapedeck server while opted out',
      )
      .toEqual([]);
    expect.soft(await sessionIds(server), 'sessions stored while opted out').toEqual([]);

    // Opting in later must not send what was captured while opted out.
    phase.now = 'after optIn()';
    await page.evaluate(() =>
      (window as never as { recorder: { optIn(): void } }).recorder.optIn(),
    );
    await waitForStatus(page, ['recording'], errors);
    await page.evaluate(() =>
      (window as never as { recorder: { capture(e: string): void } }).recorder.capture(
        'control-after-optin',
      ),
    );
    await until(() => includes(sent, 'control-after-optin'), 'the capture after optIn');
    const stored = await leaveAndWaitStored(server, context, ['control-after-optin']);
    expectNoLeaks(
      [...placesSent(sent), ...stored, ...placesOnDisk(server.dataDir)],
      'a capture() made while opted out, sent after optIn()',
      /canary-capture[-\w]*/,
    );
    expect(errors, 'page errors').toEqual([]);
  });

  it('after optOut(): identify and capture write nothing to storage and send nothing', async () => {
    const { server, context, page, errors, sent, phase } = await setUp();
    phase.now = 'before optOut()';
    await page.goto(fixtureUrl(server, everyCapture(fixtures.url), {}));
    await waitForStatus(page, ['recording'], errors);
    await until(() => includes(sent, '"type":2'), 'the first full snapshot to be sent');
    phase.now = 'after optOut()';
    await page.evaluate(() =>
      (window as never as { recorder: { optOut(): void } }).recorder.optOut(),
    );
    await waitForStatus(page, ['waiting-for-consent', 'stopped'], errors);
    await identifyAndCapture(page);
    // Proving that nothing is sent needs time to pass: several flush intervals.
    await page.waitForTimeout(6 * FLUSH_MS);

    const stored = [...(await storage(page, context))];
    await context.close();
    stored.push(...(await placesStored(server)), ...placesOnDisk(server.dataDir));
    // (The page's own canaries are the first test's business: here, identify's and capture's.)
    expectNoLeaks(
      [...placesSent(sent), ...stored],
      'identify/capture after optOut()',
      /canary-(?:identify|capture)[-\w@.%]*/,
    );
    expect(errors, 'page errors').toEqual([]);
  });
});
