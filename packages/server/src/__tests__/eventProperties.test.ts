import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gz, post, removeDir, startTestServer, type TestServer, tableRows } from './helpers.js';
import { ids, pool, type Searcher, searcher, send } from './urlSearch.diff.api.js';
import type { Node } from './urlSearch.diff.filters.js';

// An event's property conditions, through the real search API, against what they mean for
// the events sent: an `equals` found through `event_properties` (see eventProperties.ts)
// must find what testing every event finds. They mean the same on both databases: typed
// JSON equality (1 is not "1" nor true, an object or array equals no filter value), strings
// contain (ASCII letters fold), set is present and not null (propertyValues.test.ts).

const LONG_KEY = `${'k'.repeat(150)}${'é'.repeat(30)}`; // 210 bytes: past the index
const LONG_VALUE = 'é'.repeat(300); // 600 bytes: past the index
type Props = Record<string, unknown>;
const PROPS: Props[] = [
  { plan: 'pro', n: 1, flag: true },
  { plan: 'Pro', n: 1.5, flag: false },
  { plan: 'free', n: 0, flag: 'true' },
  { plan: '', n: -2, flag: null },
  { plan: '1', n: '1', 'a.b': 'dot' },
  { plan: 'true', n: true, 'with space': 'x y' },
  { plan: null, n: false, ключ: 'значение' },
  { plan: { tier: 'pro', seats: 5 }, n: [1, 2], '😀': '😀' },
  { plan: [1, 'a'], n: { a: 1 }, "it's": "o'k" },
  { plan: 'enterprise', 'x[0]': 'bracket', '$.plan': 'dollar' },
  { plan: 'ünïcode', n: 42, 'a\nb': 'newline', 'a*': 'star' },
  {},
  { plan: 'pro ', n: 3, long: LONG_VALUE, [LONG_KEY]: 'longkey' },
];
const KEYS = [
  ...new Set(PROPS.flatMap((p) => Object.keys(p))),
  'missing',
  'PLAN',
] as readonly string[];
const VALUES: (string | number | boolean)[] = [
  ...['pro', 'Pro', 'free', '', '1', 'true', 'false', 'null', 'enterprise', 'ünïcode', 'pro '],
  ...[1, 1.5, 0, -2, 42, 3, true, false],
  ...['{"tier":"pro","seats":5}', '{"tier": "pro", "seats": 5}', '[1,"a"]', '[1, "a"]'],
  ...['[1, 2]', '{"a": 1}', 'dot', 'x y', 'значение', '😀', "o'k", 'bracket', 'dollar'],
  ...['newline', 'star', LONG_VALUE, 'longkey'],
];
const NEEDLES = ['pro', 'PRO', 'r', '1', 'TRUE', '"', '{', ', ', 'é', 'x'];

/** Session i: its events, by name, each with its properties. */
const eventsOf = (i: number): { name: string; properties: Props }[] => [
  { name: 'checkout', properties: PROPS[i % PROPS.length]! },
  ...(i % 3 === 0 ? [{ name: 'checkout', properties: PROPS[(i * 5 + 1) % PROPS.length]! }] : []),
  { name: 'other', properties: PROPS[(i + 4) % PROPS.length]! },
];
const SESSIONS = 40;
const sessionId = (i: number) => `0192a0c1-7d2e-7c3b-9a4f-${String(100000 + i).padStart(12, '0')}`;

type Condition = {
  key: string;
  equals?: string | number | boolean;
  contains?: string;
  isSet?: boolean;
};

function meets(properties: Props, c: Condition): boolean {
  const has = Object.hasOwn(properties, c.key);
  const value = has ? properties[c.key] : undefined;
  if (c.isSet !== undefined) return (has && value !== null) === c.isSet;
  // The needles' non-ASCII letters are lowercase: only ASCII letters fold.
  if (c.contains !== undefined)
    return typeof value === 'string' && value.toLowerCase().includes(c.contains.toLowerCase());
  return has && value === c.equals;
}

function expected(name: string, conditions: Condition[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const events = eventsOf(i).filter((e) => e.name === name);
    if (events.some((e) => conditions.every((c) => meets(e.properties, c))))
      found.push(sessionId(i));
  }
  return found.sort();
}

describe('event property search', () => {
  let server: TestServer;
  let s: Searcher;

  beforeAll(async () => {
    server = await startTestServer();
    const now = Date.now() - 600_000;
    await pool(
      Array.from({ length: SESSIONS }, (_, i) => i),
      4,
      async (i) => {
        const t = now + i * 1000;
        const custom = eventsOf(i).map((e, k) => ({
          type: 5,
          timestamp: t + 10 + k,
          data: { tag: e.name, payload: e.properties },
        }));
        const chunk = {
          ...{ sessionId: sessionId(i), windowId: 'w1', seq: 0, sentAt: t + 100 },
          sdk: { name: '@tapedeck/core', version: '0.0.0' },
          events: [
            { type: 4, timestamp: t, data: { href: 'https://a.example/', width: 1, height: 1 } },
            ...custom,
          ],
        };
        const res = await post(server, gz(chunk));
        expect(res.status).toBe(200);
      },
    );
    s = await searcher(server, 20);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    if (server) removeDir(server.dataDir);
  });

  /** The filters whose answer is not the reference's. */
  async function wrong(cases: { name: string; conditions: Condition[] }[]) {
    const answers = await pool(cases, 4, async ({ name, conditions }) => {
      const filter = { event: name, properties: conditions } as Node;
      const want = expected(name, conditions);
      const got = await ids(s, filter);
      return JSON.stringify(got) === JSON.stringify(want) ? null : { filter, want, got };
    });
    return answers.filter((a) => a !== null);
  }

  it('finds by each key and value what its events hold', async () => {
    const cases = KEYS.flatMap((key) =>
      VALUES.map((equals) => ({ name: 'checkout', conditions: [{ key, equals }] })),
    );
    // Some of them match: the reference is no empty answer everywhere.
    expect(cases.filter((c) => expected(c.name, c.conditions).length > 0).length).toBeGreaterThan(
      30,
    );
    expect(await wrong(cases)).toEqual([]);
  }, 300_000);

  it('finds by several conditions on one event, by contains and by isSet', async () => {
    const cases = [
      ...KEYS.flatMap((key) => [
        { name: 'checkout', conditions: [{ key, isSet: true }] },
        { name: 'other', conditions: [{ key, isSet: false }] },
        ...NEEDLES.map((contains) => ({ name: 'checkout', conditions: [{ key, contains }] })),
      ]),
      ...VALUES.flatMap((equals, i) => [
        // Two equals, the second met by the same event or by another (which is no match).
        {
          name: 'checkout',
          conditions: [
            { key: 'plan', equals },
            { key: 'n', equals: VALUES[(i * 7) % VALUES.length]! },
          ],
        },
        {
          name: 'other',
          conditions: [
            { key: 'n', equals },
            { key: 'plan', isSet: true },
            { key: 'flag', contains: 'e' },
          ],
        },
        {
          name: 'checkout',
          conditions: [
            { key: 'plan', equals },
            { key: 'flag', isSet: false },
          ],
        },
      ]),
      {
        name: 'checkout',
        conditions: [
          { key: 'plan', equals: 'pro' },
          { key: 'n', equals: 1 },
        ],
      },
      { name: 'nothing', conditions: [{ key: 'plan', equals: 'pro' }] },
    ];
    expect(await wrong(cases)).toEqual([]);
  }, 300_000);

  it('forgets the properties of a deleted session', async () => {
    const held = async () =>
      (await tableRows(server, 'event_properties')).filter(
        (r) => (r as { session_id: string }).session_id === sessionId(0),
      ).length;
    expect(await held()).toBeGreaterThan(0);
    const filter = { event: 'checkout', properties: [{ key: 'plan', equals: 'pro' }] } as Node;
    expect(await ids(s, filter)).toContain(sessionId(0));
    expect((await send(server, `/api/sessions/${sessionId(0)}`, 'DELETE')).status).toBe(204);
    expect(await held()).toBe(0);
    expect(await ids(s, filter)).not.toContain(sessionId(0));
  });
});
