import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gz, post, removeDir, startTestServer, type TestServer, tableRows } from './helpers.js';
import { ids, pool, type Searcher, searcher } from './urlSearch.diff.api.js';
import type { Node } from './urlSearch.diff.filters.js';

// One meaning of a property condition on both stores, for events and for persons: typed JSON
// equality. The number 1 equals 1 (and 1.0, the same JSON number), never "1" nor true; "1"
// equals only "1"; true only true; null only null (a stored JSON null, not a missing key).
// `contains` looks in strings only (ASCII letters fold); `isSet` is a value other than null.
// The reference below is plain JavaScript over what was sent, never the server's answer.

type Value = unknown;
// Past 2^53, as a sender writes them: JSON readers (and both stores) keep the nearest double.
const BIG = Number('12345678901234567890');
const PAST_SAFE = Number('9007199254740993');
/** Session i holds VALUES[i] as property `v` of its `checkout` event and of its person. */
const VALUES: Value[] = [
  1,
  '1',
  true,
  false,
  0,
  '0',
  'true',
  'false',
  null,
  'null',
  '',
  1.5,
  '1.0',
  -2,
  0.1 + 0.2,
  1e300,
  1e-7,
  BIG,
  PAST_SAFE,
  'ünïcode',
  'ÜNÏCODE',
  'É',
  'é',
  '😀 smile',
  'x\ny "q" \\',
  { a: 1 },
  '{"a":1}',
  [1],
  '[1]',
  [1, '1', true],
  { nested: { v: 1 } },
  'Pro',
];
/** Sessions past the values hold no `v` at all. */
const SESSIONS = VALUES.length + 2;
const sessionId = (i: number) => `0192a0c1-7d2e-7c3b-9a4f-${String(200000 + i).padStart(12, '0')}`;
const propsOf = (i: number): Record<string, Value> =>
  i < VALUES.length ? { v: VALUES[i], other: 'x' } : { other: 'x' };

/** Filter values: every scalar sent, and some that no one sent. */
const EQUALS: (string | number | boolean | null)[] = [
  ...new Set(
    VALUES.filter((v) => v === null || typeof v !== 'object') as (
      | string
      | number
      | boolean
      | null
    )[],
  ),
  2,
  'TRUE',
  '1.5',
  '{"a": 1}',
  12345678901234567000,
  0.30000000000000004,
];
const NEEDLES = [
  '1',
  'true',
  'ru',
  'PRO',
  'é',
  'É',
  'ünï',
  'ÜNÏ',
  '"',
  '{',
  'a',
  '\n',
  '😀',
  'null',
];

/** A stored value equals a filter value: same JSON type, same value. */
const typedEquals = (stored: Value, want: Value) =>
  stored === want || (Number.isNaN(stored) && Number.isNaN(want));
const foldAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

type Condition = { key: string; equals?: Value; contains?: string; isSet?: boolean };
function meets(props: Record<string, Value>, c: Condition): boolean {
  const has = Object.hasOwn(props, c.key);
  const stored = has ? props[c.key] : undefined;
  if (c.isSet !== undefined) return (has && stored !== null) === c.isSet;
  if (c.contains !== undefined)
    return typeof stored === 'string' && foldAscii(stored).includes(foldAscii(c.contains));
  return has && typedEquals(stored, c.equals);
}

/** A person's properties as kept: an $identify sets a key to null by removing it. */
const personOf = (i: number) =>
  Object.fromEntries(Object.entries(propsOf(i)).filter(([, v]) => v !== null));

function expected(kind: 'event' | 'person', c: Condition, negated = false): string[] {
  const found: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const hit = meets(kind === 'event' ? propsOf(i) : personOf(i), c);
    if (hit !== negated) found.push(sessionId(i));
  }
  return found.sort();
}

const filterOf = (kind: 'event' | 'person', c: Condition, negated = false): Node => {
  const node = (kind === 'event'
    ? { event: 'checkout', properties: [c] }
    : { person: c }) as unknown as Node;
  return negated ? { not: node } : node;
};

describe('property values mean the same on both stores (typed JSON equality)', () => {
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
        const props = propsOf(i);
        const chunk = {
          ...{ sessionId: sessionId(i), windowId: 'w1', seq: 0, sentAt: t + 100 },
          distinctId: `person-${i}`,
          sdk: { name: '@tapedeck/core', version: '0.0.0' },
          events: [
            { type: 4, timestamp: t, data: { href: 'https://a.example/', width: 1, height: 1 } },
            { type: 5, timestamp: t + 1, data: { tag: 'checkout', payload: props } },
            {
              type: 5,
              timestamp: t + 2,
              data: { tag: '$identify', payload: { distinctId: `person-${i}`, properties: props } },
            },
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

  async function wrong(cases: { kind: 'event' | 'person'; c: Condition; negated?: boolean }[]) {
    const answers = await pool(cases, 4, async ({ kind, c, negated }) => {
      const want = expected(kind, c, negated);
      const got = await ids(s, filterOf(kind, c, negated));
      if (JSON.stringify(got) === JSON.stringify(want)) return null;
      // Which sessions (by the index of their value) are extra, which missing.
      const at = (id: string) => VALUES.indexOf(VALUES[Number(id.slice(-6)) - 200000]);
      if (typeof got === 'string') return `${kind} ${JSON.stringify(c)}: ${got}`;
      const extra = got.filter((id) => !want.includes(id)).map(at);
      const missing = want.filter((id) => !got.includes(id)).map(at);
      const what = `extra ${extra} missing ${missing}`;
      return `${kind} ${negated ? 'not ' : ''}${JSON.stringify(c)}: ${what}`;
    });
    return answers.filter((a) => a !== null);
  }

  it.each(['event', 'person'] as const)(
    '%s: equals and not equals compare typed values',
    async (kind) => {
      const cases = EQUALS.flatMap((equals) => [
        { kind, c: { key: 'v', equals } },
        { kind, c: { key: 'v', equals }, negated: true },
      ]);
      // The reference tells 1 from "1" from true, and finds something for most values.
      expect(expected(kind, { key: 'v', equals: 1 })).toStrictEqual([sessionId(0)]);
      expect(expected(kind, { key: 'v', equals: '1' })).toStrictEqual([sessionId(1)]);
      expect(expected(kind, { key: 'v', equals: true })).toStrictEqual([sessionId(2)]);
      expect(await wrong(cases)).toEqual([]);
    },
    120_000,
  );

  it.each(['event', 'person'] as const)(
    '%s: contains and isSet',
    async (kind) => {
      const cases = [
        ...NEEDLES.map((contains) => ({ kind, c: { key: 'v', contains } })),
        ...NEEDLES.map((contains) => ({ kind, c: { key: 'v', contains }, negated: true })),
        { kind, c: { key: 'v', isSet: true } },
        { kind, c: { key: 'v', isSet: false } },
        { kind, c: { key: 'missing', isSet: false } },
      ];
      expect(await wrong(cases)).toEqual([]);
    },
    120_000,
  );

  it('indexes each scalar once, by its JSON type, so the index tells 1 from "1" from true', async () => {
    const rows = (await tableRows(server, 'event_properties')) as {
      session_id: string;
      key: string;
      type: string;
    }[];
    for (let i = 0; i < SESSIONS; i++) {
      const v = propsOf(i).v;
      const held = rows.filter((r) => r.session_id === sessionId(i) && r.key === 'v');
      const scalar = v !== null && v !== undefined && typeof v !== 'object';
      expect(
        held.map((r) => r.type),
        JSON.stringify(v),
      ).toStrictEqual(scalar ? [typeof v] : []);
    }
  });

  it('reads 1.0 in a filter as the number 1, and a large literal as its double', async () => {
    const raw = async (kind: 'event' | 'person', literal: string) => {
      const condition = `{"key":"v","equals":${literal}}`;
      const filter =
        kind === 'event'
          ? `{"event":"checkout","properties":[${condition}]}`
          : `{"person":${condition}}`;
      const res = await fetch(
        `${server.url}/api/sessions?${new URLSearchParams({ filter, limit: '500' })}`,
        { headers: { Authorization: `Bearer ${s.keys[0]}` } },
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { sessions: { id: string }[] };
      return body.sessions.map((x) => x.id).sort();
    };
    for (const kind of ['event', 'person'] as const) {
      expect(await raw(kind, '1.0')).toStrictEqual([sessionId(0)]);
      expect(await raw(kind, '1.50')).toStrictEqual([sessionId(VALUES.indexOf(1.5))]);
      expect(await raw(kind, '12345678901234567890')).toStrictEqual([
        sessionId(VALUES.indexOf(BIG)),
      ]);
    }
  });

  it('refuses a number JSON cannot hold', async () => {
    const filter = '{"person":{"key":"v","equals":1e400}}';
    const res = await fetch(`${server.url}/api/sessions?${new URLSearchParams({ filter })}`, {
      headers: { Authorization: `Bearer ${s.keys[0]}` },
    });
    expect(res.status, await res.text()).toBe(400);
    const posted = await fetch(`${server.url}/api/sessions/search`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.keys[1]}`, 'Content-Type': 'application/json' },
      body: `{"filter":${filter}}`,
    });
    expect(posted.status, await posted.text()).toBe(400);
  });
});
