import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  execSql,
  getJson,
  gz,
  post,
  removeDir,
  startTestServer,
  type TestServer,
} from './helpers.js';

const UA = {
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  chrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
};
const NOW = Date.now();
const DAY = 86_400_000;

const custom = (t: number, tag: string, payload: Record<string, unknown> = {}) => ({
  type: 5,
  timestamp: t,
  data: { tag, payload },
});
const meta = (t: number, href: string) => ({
  type: 4,
  timestamp: t,
  data: { href, width: 1, height: 1 },
});
const click = (t: number) => ({ type: 3, timestamp: t, data: { source: 2, type: 2, id: 1 } });
const move = (t: number) => ({ type: 3, timestamp: t, data: { source: 1, positions: [] } });
const plugin = (t: number, name: string, payload: unknown) => ({
  type: 6,
  timestamp: t,
  data: { plugin: name, payload },
});

const id = (x: string) => `0192a0c1-7d2e-7c3b-9a4f-00000000000${x}`;
const SESSIONS = {
  a: {
    ua: UA.iphone,
    distinctId: 'alice',
    events: (t: number) => [
      meta(t, 'https://shop.example/checkout'),
      custom(t + 1, '$identify', {
        distinctId: 'alice',
        properties: { plan: 'pro', email: 'Alice@x.io' },
      }),
      custom(t + 100, 'checkout_started', { cart: 3 }),
      click(t + 200),
      click(t + 300),
      custom(t + 400, '$rageclick', { selector: 'button#pay' }),
      custom(t + 2000, 'payment_succeeded'),
      plugin(t + 2100, 'rrweb/console@1', { level: 'error', payload: ['boom'] }),
    ],
  },
  b: {
    ua: UA.chrome,
    distinctId: 'bob',
    events: (t: number) => [
      meta(t, 'https://shop.example/cart'),
      custom(t + 1, '$identify', { distinctId: 'bob', properties: { plan: 'free' } }),
      custom(t + 100, 'checkout_started', { cart: 1 }),
      plugin(t + 500, 'tapedeck/network@1', { requests: [{ url: '/api/pay', status: 502 }] }),
      click(t + 600),
    ],
  },
  c: {
    ua: UA.firefox,
    distinctId: undefined,
    events: (t: number) => [
      meta(t, 'https://shop.example/search?q=mugs'),
      ...Array.from({ length: 6 }, (_, i) => custom(t + 100 + i, 'search')),
      custom(t + 1000, '$dead_click', { selector: 'div.banner' }),
      ...Array.from({ length: 20 }, (_, i) => move(t + 2000 + i * 1000)),
      move(t + 60_000),
    ],
  },
  d: {
    ua: UA.chrome,
    distinctId: 'dave',
    old: true,
    events: (t: number) => [meta(t, 'https://shop.example/'), custom(t + 5, '$mouse_thrashing')],
  },
} as const;

describe('session search', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    let i = 0;
    for (const [key, s] of Object.entries(SESSIONS)) {
      const start = NOW - 60_000 + i++ * 1000;
      const chunk = {
        sessionId: id(key),
        windowId: 'w1',
        seq: 0,
        sentAt: start,
        sdk: { name: '@tapedeck/core', version: '0.0.0' },
        ...(s.distinctId ? { distinctId: s.distinctId } : {}),
        events: s.events(start),
      };
      const res = await post(server, gz(chunk), { userAgent: s.ua });
      expect(res.status).toBe(200);
      // The server dates what it receives by its own clock; a session from 30 days ago is
      // one the index has held for 30 days.
      if ('old' in s) {
        const ago = 30 * DAY;
        const where = `WHERE session_id = '${id(key)}'`;
        await execSql(
          server,
          `UPDATE sessions SET start_time = start_time - ${ago}, end_time = end_time - ${ago} WHERE id = '${id(key)}'`,
        );
        await execSql(server, `UPDATE custom_events SET timestamp = timestamp - ${ago} ${where}`);
        await execSql(
          server,
          `UPDATE persons SET first_seen = first_seen - ${ago}, last_seen = last_seen - ${ago} WHERE distinct_id = '${s.distinctId}'`,
        );
      }
    }
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  const find = async (filter: unknown, extra = '') => {
    const res = await getJson(
      server,
      `/api/sessions?filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`,
    );
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return (res.json.sessions as { id: string }[]).map((s) => s.id.slice(-1)).sort();
  };

  it.each([
    ['rage clicks', { has: 'rageClicks' }, ['a']],
    [
      'dead clicks or network errors',
      { or: [{ has: 'deadClicks' }, { has: 'networkErrors' }] },
      ['b', 'c'],
    ],
    ['console errors', { has: 'consoleErrors' }, ['a']],
    ['thrashing', { has: 'thrashing' }, ['d']],
    ['an event', { event: 'checkout_started' }, ['a', 'b']],
    [
      'an event with a property',
      { event: 'checkout_started', properties: [{ key: 'cart', equals: 3 }] },
      ['a'],
    ],
    ['an event more than 5 times', { event: 'search', count: { gt: 5 } }, ['c']],
    ['an event 5 times or fewer', { event: 'search', count: { lte: 5 } }, ['a', 'b', 'd']],
    [
      'a drop-off',
      { eventThenNot: { first: 'checkout_started', notAfter: 'payment_succeeded' } },
      ['b'],
    ],
    [
      'AND with NOT',
      { and: [{ event: 'checkout_started' }, { not: { has: 'rageClicks' } }] },
      ['b'],
    ],
    ['a person property', { person: { key: 'plan', equals: 'pro' } }, ['a']],
    ['a person property containing', { person: { key: 'email', contains: 'alice' } }, ['a']],
    ['a person property set', { person: { key: 'plan', isSet: true } }, ['a', 'b']],
    ['new people', { personFirstSeen: { withinDays: 7 } }, ['a', 'b']],
    ['a distinct id', { distinctId: 'bob' }, ['b']],
    ['a visited URL', { url: { contains: '/checkout' } }, ['a']],
    ['a URL regex', { url: { regex: 'search\\?q=\\w+' } }, ['c']],
    ['a device type', { deviceType: 'mobile' }, ['a']],
    ['a browser', { browser: 'firefox' }, ['c']],
    ['an OS', { os: 'Windows' }, ['b', 'd']],
    ['a duration', { duration: { min: 30_000 } }, ['c']],
    ['active time', { activeDuration: { min: 10_000 } }, ['c']],
    ['a date range', { date: { from: NOW - DAY } }, ['a', 'b', 'c']],
  ])('filters by %s', async (_name, filter, expected) => {
    expect(await find(filter)).toEqual(expected);
  });

  it('filters by a saved cohort, and says when there is none', async () => {
    const created = await fetch(`${server.url}/api/cohorts`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: 'Pro users',
        filter: { person: { key: 'plan', equals: 'pro' } },
      }),
    });
    const { id: cohort } = (await created.json()) as { id: number };
    expect(await find({ cohort })).toEqual(['a']);
    const missing = await getJson(
      server,
      `/api/sessions?filter=${encodeURIComponent(JSON.stringify({ cohort: cohort + 1 }))}`,
    );
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatch(new RegExp(`no cohort ${cohort + 1}`));
  });

  it('indexes what a session did', async () => {
    const a = (await getJson(server, `/api/sessions/${id('a')}`)).json;
    expect(a).toMatchObject({
      distinctId: 'alice',
      deviceType: 'mobile',
      os: 'iOS',
      clickCount: 2,
      rageClickCount: 1,
      consoleErrorCount: 1,
      ongoing: true,
      urls: ['https://shop.example/checkout'],
      eventCounts: { $identify: 1, $rageclick: 1, checkout_started: 1, payment_succeeded: 1 },
    });
    const c = (await getJson(server, `/api/sessions/${id('c')}`)).json;
    expect(c).toMatchObject({
      browser: 'Firefox',
      deviceType: 'desktop',
      deadClickCount: 1,
      mouseActivityCount: 21,
    });
    // 19 one-second gaps between moves count; the 40 s pause before the last does not.
    expect(c.activeMs).toBe(19_000);
  });

  it('orders and pages through results', async () => {
    const byDuration = (await getJson(server, '/api/sessions?order=duration')).json.sessions as {
      id: string;
    }[];
    expect(byDuration[0]?.id).toBe(id('c'));
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 4; page++) {
      const res = await getJson(
        server,
        `/api/sessions?order=clicks&direction=asc&limit=1${cursor}`,
      );
      seen.push(...(res.json.sessions as { id: string }[]).map((s) => s.id.slice(-1)));
      if (!res.json.next) break;
      cursor = `&cursor=${res.json.next}`;
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    expect(seen.at(-1)).toBe('a'); // the most clicks, last in ascending order
  });

  it.each([
    ['start', 'startTime'],
    ['duration', 'durationMs'],
    ['active', 'activeMs'],
    ['clicks', 'clickCount'],
    ['consoleErrors', 'consoleErrorCount'],
  ])('orders by %s, both ways', async (order, field) => {
    for (const direction of ['asc', 'desc']) {
      const res = await getJson(server, `/api/sessions?order=${order}&direction=${direction}`);
      const values = (res.json.sessions as Record<string, number>[]).map((s) => s[field]!);
      const sorted = [...values].sort((a, b) => (direction === 'asc' ? a - b : b - a));
      expect(values, `${order} ${direction}`).toEqual(sorted);
    }
    expect((await getJson(server, '/api/sessions?order=loudest')).status).toBe(400);
  });

  it('takes the same search as a JSON body', async () => {
    const response = await fetch(`${server.url}/api/sessions/search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...auth() },
      body: JSON.stringify({ filter: { has: 'rageClicks' }, order: 'activity', limit: 5 }),
    });
    const body = (await response.json()) as { sessions: { id: string }[] };
    expect(body.sessions.map((s) => s.id)).toEqual([id('a')]);
  });

  it.each([
    [{ has: 'smiles' }, 'filter.has must be one of rageClicks'],
    [
      { and: [{ event: 'x' }, { url: { regex: '(' } }] },
      'filter.and[1].url.regex is not a regular expression in RE2 syntax',
    ],
    [{ frobnicate: 1 }, 'filter has an unknown field "frobnicate"'],
    [
      { person: { key: 'plan' } },
      'filter.person needs a key and exactly one of equals, contains or isSet',
    ],
    [{ event: 'x', count: {} }, 'filter.count needs at least one of gt'],
    [{ has: 'rageClicks', url: { contains: 'x' } }, 'filter takes exactly one condition'],
  ])('says what is wrong with a bad filter: %j', async (filter, message) => {
    const res = await getJson(
      server,
      `/api/sessions?filter=${encodeURIComponent(JSON.stringify(filter))}`,
    );
    expect(res.status).toBe(400);
    expect(res.json.error).toContain(message);
  });

  it("lists a session's timeline markers and a person with their sessions", async () => {
    const events = (await getJson(server, `/api/sessions/${id('a')}/events`)).json.events as {
      name: string;
    }[];
    expect(events.map((e) => e.name)).toEqual([
      '$identify',
      'checkout_started',
      '$rageclick',
      'payment_succeeded',
    ]);
    const alice = (await getJson(server, '/api/persons/alice')).json;
    expect(alice).toMatchObject({
      distinctId: 'alice',
      properties: { plan: 'pro', email: 'Alice@x.io' },
    });
    expect((alice.sessions as { id: string }[]).map((s) => s.id)).toEqual([id('a')]);
    expect((await getJson(server, '/api/persons/nobody')).status).toBe(404);
  });
});
