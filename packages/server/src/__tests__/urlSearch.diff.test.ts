import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  execSql,
  getJson,
  gz,
  post,
  removeDir,
  startTestServer,
  type TestServer,
} from './helpers.js';
import { differences, ids, pool, type Searcher, searcher, send } from './urlSearch.diff.api.js';
import { chunksOf, makeCorpus, type SessionSent, seeded } from './urlSearch.diff.corpus.js';
import {
  containsMatches,
  escapeRegex,
  expectedIds,
  jsRegex,
  makeFilters,
  type Node,
} from './urlSearch.diff.filters.js';

/** Seeding and 300 searches go through the real server: on a busy machine that takes minutes. */
const SEEDING_MS = 300_000;

// A differential test of `url.contains` / `url.regex` search: a seeded corpus of hostile URLs
// goes in through `POST /s/`, and for each generated filter the sessions the API finds must be
// exactly those the filter means, worked out in plain JavaScript from what was sent. Written
// from the filter schema and the docs alone, so that a faster search (an n-gram index) that
// answers differently fails here. TAPEDECK_URLSEARCH_SEED replays another corpus.
const SEED = Number(process.env.TAPEDECK_URLSEARCH_SEED ?? 20260611);
const SESSIONS = Number(process.env.TAPEDECK_URLSEARCH_SESSIONS ?? 200);
const FILTERS = Number(process.env.TAPEDECK_URLSEARCH_FILTERS ?? 300);
const DAY = 86_400_000;
const FREE = { perSecond: 1e6, burst: 1e6 };

describe('URL search finds exactly the sessions a filter means', () => {
  let server: TestServer;
  let api: Searcher;
  const random = seeded(SEED);
  const sessions = makeCorpus(random, SESSIONS);
  const filters = makeFilters(random, sessions, FILTERS);

  beforeAll(async () => {
    server = await startTestServer(undefined, {
      rateLimit: { ...FREE, perSession: FREE, perClient: FREE },
    });
    const start = Date.now() - 2 * 3_600_000;
    const chunks = sessions.flatMap((s, n) => {
      const own = chunksOf(random, s, start + n * 20_000);
      return random.chance(0.2) ? own.reverse() : own; // later chunks first, sometimes
    });
    const again = chunks.filter(() => random.chance(0.03)); // a resent chunk counts once
    const statuses = await pool(
      [...chunks, ...again],
      8,
      async (c) => (await post(server, gz(c))).status,
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    api = await searcher(server);
  }, SEEDING_MS);

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('has a corpus worth searching', () => {
    const urls = sessions.flatMap((s) => s.urls);
    expect(urls.filter((u) => u.href.length > 4096).length).toBeGreaterThan(0);
    expect(urls.filter((u) => u.secrets.length > 0).length).toBeGreaterThan(10);
    expect(sessions.filter((s) => s.windows.length > 1).length).toBeGreaterThan(20);
    const later = sessions.filter((s) => s.windows.flat().slice(1).flat().length > 0);
    expect(later.length).toBeGreaterThan(50); // URLs in a session's later chunks
    expect(sessions.filter((s) => s.urls.length === 0).length).toBeGreaterThan(3);
    const answers = filters.map((f) => expectedIds(f, sessions).length);
    expect(answers.filter((n) => n === 0).length).toBeGreaterThan(FILTERS * 0.1);
    expect(answers.filter((n) => n > 0 && n < 10).length).toBeGreaterThan(FILTERS * 0.2);
    expect(answers.filter((n) => n >= 10).length).toBeGreaterThan(FILTERS * 0.1);
  });

  it('stores each URL as sent, secret values redacted, cut at 2,048 characters', async () => {
    const wrong = await pool(sessions, 6, async (s) => {
      const { json } = await getJson(server, `/api/sessions/${s.id}`);
      const got = [...new Set(json.urls as string[])].sort();
      const want = [...new Set(s.urls.map((u) => u.stored))].sort();
      return JSON.stringify(got) === JSON.stringify(want) ? null : { id: s.id, got, want };
    });
    expect(wrong.filter(Boolean).slice(0, 3)).toEqual([]);
  });

  it(
    `answers each of ${FILTERS} generated filters with exactly the sessions it means`,
    async () => {
      const wrong = await differences(api, filters, sessions);
      expect({ wrong: wrong.length, first: wrong.slice(0, 5) }).toEqual({ wrong: 0, first: [] });
    },
    SEEDING_MS,
  );

  it('never finds a secret parameter by its value, in any case', async () => {
    const secrets = [...new Set(sessions.flatMap((s) => s.urls.flatMap((u) => u.secrets)))];
    const leaks = await pool(secrets.slice(0, 40), 4, async (secret) => [
      secret,
      await ids(api, { url: { contains: secret.toLowerCase() } }),
      await ids(api, { url: { regex: `(?i)${secret}` } }),
    ]);
    expect(leaks.filter(([, a, b]) => a!.length || b!.length)).toEqual([]);
    const redacted = { url: { contains: '[redacted]' } };
    expect(await ids(api, redacted)).toEqual(expectedIds(redacted, sessions));
    expect(expectedIds(redacted, sessions).length).toBeGreaterThan(10);
  });

  it(
    'finds a deleted session, and one past retention, no more',
    async () => {
      // Filters that find only that session now: a unique slice of one of its URLs.
      const only = (s: SessionSent): Node[] => {
        const out: Node[] = [];
        for (const chars of s.urls.map((u) => [...u.stored])) {
          for (let at = 0; at + 12 <= chars.length && out.length < 4; at += 3) {
            const text = chars.slice(at, at + 12).join('');
            const node: Node = { url: { contains: text } };
            if (expectedIds(node, sessions).join() !== s.id) continue;
            out.push(node, { url: { regex: `^.*${escapeRegex(text)}` } });
          }
        }
        return out;
      };
      // Two sessions of several windows, each with URLs no other session has.
      const [gone, old] = sessions
        .filter((s) => s.windows.length > 1)
        .map((s) => ({ s, filters: only(s) }))
        .filter(({ filters }) => filters.length === 4);
      const unique = [...gone!.filters, ...old!.filters];
      expect(await pool(unique, 4, (f) => ids(api, f))).toEqual(
        unique.map((f) => expectedIds(f, sessions)),
      );

      expect((await send(server, `/api/sessions/${gone!.s.id}`, 'DELETE')).status).toBe(204);
      // The server dates a session by its own clock when data arrives; no route can age one.
      const ago = `updated_at - ${2 * DAY}`;
      await execSql(server, `UPDATE sessions SET updated_at = ${ago} WHERE id = '${old!.s.id}'`);
      expect((await send(server, '/api/settings', 'PUT', { retentionDays: 1 })).status).toBe(200);
      expect((await getJson(server, `/api/sessions/${old!.s.id}`)).status).toBe(404);

      const left = sessions.filter((s) => s !== gone!.s && s !== old!.s);
      expect(await pool(unique, 4, (f) => ids(api, f))).toEqual(unique.map(() => []));
      const touched = filters.filter((f) => {
        const before = expectedIds(f, sessions);
        return before.includes(gone!.s.id) || before.includes(old!.s.id);
      });
      const again = [...touched.slice(0, 40), ...filters.filter((_, i) => i % 30 === 0)];
      const wrong = await differences(api, again, left);
      expect({ wrong: wrong.length, first: wrong.slice(0, 5) }).toEqual({ wrong: 0, first: [] });
    },
    SEEDING_MS,
  );
});

/**
 * Hostile URLs whose answer the two stores' engines disagree on (or both get wrong): kept
 * apart, on a server of their own, so that each is one clearly named case.
 */
describe('URL search where text engines differ', () => {
  let server: TestServer;
  let api: Searcher;
  const id = (n: number) => `0192a0c1-7d2e-7c3b-9a4f-0000000e000${n}`;
  const URLS = [
    'https://u.example/ÜBER/Ωμέγα/CAFÉ',
    'https://w.example/café/x',
    'https://n.example/a\nb',
    `https://c.example/${'a'.repeat(2021)}${'😀'.repeat(20)}`,
    'https://e.example/aXb',
  ];
  // Cut at 2,048 UTF-16 units as documented, but never through the middle of a character.
  const stored = URLS.map((u) => u.slice(0, 2048).replace(/[\uD800-\uDBFF]$/, ''));
  const want = (test: (url: string) => boolean) =>
    stored.flatMap((u, n) => (test(u) ? [id(n)] : [])).sort();

  beforeAll(async () => {
    server = await startTestServer();
    api = await searcher(server, 3);
    const at = Date.now() - 60_000;
    for (const [n, href] of URLS.entries()) {
      const chunk = {
        sessionId: id(n),
        windowId: 'w1',
        seq: 0,
        sentAt: at + n + 1,
        sdk: { name: '@tapedeck/core', version: '0.0.0-test' },
        events: [{ type: 4, timestamp: at + n, data: { href, width: 1, height: 1 } }],
      };
      expect((await post(server, gz(chunk))).status).toBe(200);
    }
  }, SEEDING_MS);

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  const check = async (filters: Node[], expected: (f: Node) => string[]) => {
    const got = await pool(filters, 3, (f) => ids(api, f));
    expect(filters.map((f, i) => [f, got[i]])).toEqual(filters.map((f) => [f, expected(f)]));
  };
  const byRegex = (f: Node) =>
    want((u) => jsRegex((f as { url: { regex: string } }).url.regex).test(u));

  // SQLite folds ASCII letters only: `über` does not find `ÜBER` there.
  it('contains ignores the case of non-ASCII letters too', async () => {
    const needles = ['über', 'ÜBER', 'ωμέγα', 'ΩΜΈΓΑ', 'CAFÉ', 'café'];
    await check(
      needles.map((contains) => ({ url: { contains } })),
      (f) => want((u) => containsMatches(u, (f as { url: { contains: string } }).url.contains)),
    );
  });

  // PostgreSQL reads `\b` as a backspace and its `\w` takes `é`.
  it('regex \\w and \\b are ASCII word classes, as in RE2', async () => {
    const regexes = ['caf\\w', 'caf\\W', '\\bx$', '\\baXb$', 'w\\.example/\\w+/'];
    await check(
      regexes.map((regex) => ({ url: { regex } })),
      byRegex,
    );
  });

  // PostgreSQL's `.` takes a newline unless told otherwise.
  it('regex . does not match a newline, as in RE2', async () => {
    await check([{ url: { regex: 'a.b' } }, { url: { regex: '/.{3}$' } }], byRegex);
  });

  // Both stores keep half of the emoji at the cut (U+FFFD when read back).
  it('a URL cut at 2,048 characters keeps whole characters', async () => {
    await check([{ url: { regex: '😀$' } }, { url: { contains: '\uFFFD' } }], (f) =>
      'regex' in (f as { url: object }).url ? [id(3)] : [],
    );
  });

  // A condition on a missing value is neither true nor false in SQL, so `not` drops the session.
  it('not distinctId finds sessions without one', async () => {
    const filters: Node[] = [
      { not: { distinctId: 'alice' } },
      { not: { and: [{ url: { contains: 'example' } }, { distinctId: 'alice' }] } },
      { not: { or: [{ url: { contains: 'zzz' } }, { distinctId: 'alice' }] } },
    ];
    await check(filters, () => URLS.map((_, n) => id(n)).sort());
  });

  // PostgreSQL refuses these with a 400: its regex dialect is not RE2's.
  it('takes RE2 syntax beyond what JavaScript shares', async () => {
    const table: [string, number[]][] = [
      ['e\\.example/a(?i:x)b', [4]],
      ['a(?i)XB', [4]],
      ['\\Qe.example/\\E', [4]],
      ['\\x{1F600}', [3]],
      ['b{1,300}$', [2, 4]],
      ['^\\pL+://', [0, 1, 2, 3, 4]],
    ];
    const expected = new Map(table.map(([regex, n]) => [regex, n.map(id).sort()]));
    await check(
      table.map(([regex]) => ({ url: { regex } })),
      (f) => expected.get((f as { url: { regex: string } }).url.regex)!,
    );
  });
});
