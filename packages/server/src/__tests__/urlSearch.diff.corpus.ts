// The sessions the URL search differential sends, and what each should be found by: every URL
// as the server documents it stores them (secret parameters' values `[redacted]`, cut at 2,048
// characters). Seeded, so every run sends the same bytes.

export interface Rand {
  (): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32, as in fuzz.test.ts. */
export function seeded(seed: number): Rand {
  let a = seed;
  const next = (() => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }) as Rand;
  next.int = (n) => Math.floor(next() * n);
  next.pick = (xs) => xs[next.int(xs.length)]!;
  next.chance = (p) => next() < p;
  return next;
}

export const URL_CUT = 2048;
const REDACTED = '[redacted]';

/** Names a user would call secret (docs/recording.md); each value must never be findable. */
const SECRET_NAMES = ['token', 'code', 'Access_Token', 'reset_token', 'apiKey', 'X-Amz-Signature'];
/** Names no word of the secret list is, or ends, a part of. */
const PLAIN_NAMES = ['q', 'page', 'ref', 'utm_source', 'lang', 'sort', 'x', 'p'];

/**
 * Characters and pieces an n-gram index finds awkward: LIKE's `%` `_` `\`, quotes, regex
 * metacharacters, percent-encoding, non-ASCII (lower case only or caseless, so that ASCII-only
 * and Unicode case folding agree on this corpus: the difference is its own test).
 */
const ALPHABET = [...'abcxyzABCXYZ0189-._~%\\\'"*+()[]{}|^$!@,:éñ日本😀🎉€'];
// biome-ignore format: a table
const PIECES = [
  'a', 'ab', 'abc', 'aaa', 'aaaa', 'AbC', 'aBc', 'ABC', 'zz', 'Z', 'x', 'xyz', 'Checkout', 'cart',
  'café', 'caf%C3%A9', 'jalapeño', '日本', '中文', '😀', '🎉', '€', '50%', '100%25', '%%', 'a_b',
  '__', 'a%b', '%_', 'back\\slash', '\\\\', "it's", 'say"hi"', 'star*', 'a+b', 'a.b', '(x)',
  '[y]', '{z}', 'x|y', '^caret', 'dollar$', 'q?', '%20', '%2F', 'é', 'ñ', '..', '...', '-',
];
// biome-ignore format: a table
const HOSTS = [
  'https://shop.example', 'http://SHOP.example', 'https://a.io', 'https://日本.example',
  'http://localhost:8080', 'https://x.y.z.example', 'https://Ab.example',
];
const VALUES = ['1', 'ABC', 'a%20b', 'x+y', 'é', '日本', '%3D', "'", '"', '*', '50%', 'a_b'];

export interface UrlSent {
  href: string;
  /** How it is stored and searched. */
  stored: string;
  /** The values of its secret parameters, as sent. */
  secrets: string[];
}

export interface SessionSent {
  id: string;
  distinctId: string | undefined;
  events: string[];
  urls: UrlSent[];
  /** Each window's chunks, each chunk the URLs it carries (possibly none). */
  windows: UrlSent[][][];
}

const token = (r: Rand, max: number) =>
  Array.from({ length: 1 + r.int(max) }, () => r.pick(ALPHABET)).join('');
const piece = (r: Rand) => (r.chance(0.6) ? r.pick(PIECES) : token(r, 8));

/**
 * A URL and how it is stored. `=` is written only in parameters made here, and no value holds
 * `&`, `#` or `;`, so the documented rule (a secret parameter's value becomes `[redacted]`)
 * says exactly what is stored.
 */
function makeUrl(r: Rand): UrlSent {
  const secrets: string[] = [];
  let href = r.pick(HOSTS);
  let stored = href;
  const add = (sent: string, kept = sent) => {
    href += sent;
    stored += kept;
  };
  for (let i = r.int(4); i >= 0; i--) add(`/${piece(r)}`);
  if (r.chance(0.05)) {
    // Several KB, ASCII (the cut falls between whole characters), with markers past the cut.
    let long = '/long';
    const length = 2500 + r.int(4000);
    while (long.length < length) long += `/seg-${r.int(1e6)}-${r.pick(['a', 'B'])}`;
    add(long);
  }
  const param = (sep: string, secret: boolean) => {
    const name = secret ? r.pick(SECRET_NAMES) : r.pick(PLAIN_NAMES);
    // A secret looks like no other text of the corpus, so finding it can only be a leak.
    const value = secret
      ? `Zq${r.int(1e9).toString(36)}${r.int(1e9).toString(36)}`
      : r.pick(VALUES);
    if (secret) secrets.push(value);
    add(`${sep}${name}=${value}`, `${sep}${name}=${secret ? REDACTED : value}`);
  };
  if (r.chance(0.45)) {
    for (let i = 0, n = 1 + r.int(3); i < n; i++) param(i === 0 ? '?' : '&', r.chance(0.25));
  }
  const fragment = r();
  if (fragment < 0.15) param('#', r.chance(0.5));
  else if (fragment < 0.3) add(`#${piece(r)}`);
  return { href, stored: stored.slice(0, URL_CUT), secrets };
}

export function makeCorpus(r: Rand, count: number): SessionSent[] {
  const popular = Array.from({ length: 8 }, () => makeUrl(r));
  const sessions: SessionSent[] = [];
  for (let n = 0; n < count; n++) {
    const id = `0192a0c1-7d2e-7c3b-9a4f-${(0xd1ff0000 + n).toString(16).padStart(12, '0')}`;
    const many = r.chance(0.05);
    const none = !many && r.chance(0.06);
    const windows: UrlSent[][][] = [];
    for (let w = r.chance(0.3) ? 1 + r.int(3) : 0; w >= 0; w--) {
      const chunks: UrlSent[][] = [];
      for (let c = r.chance(0.6) ? 0 : 1 + r.int(2); c >= 0; c--) {
        const urls: UrlSent[] = [];
        const length = none ? 0 : many ? 10 + r.int(20) : r.chance(0.2) ? 0 : 1 + r.int(3);
        for (let i = 0; i < length; i++) urls.push(r.chance(0.3) ? r.pick(popular) : makeUrl(r));
        chunks.push(urls);
      }
      windows.push(chunks);
    }
    const urls = windows.flat(2);
    const events = ['signup', 'checkout'].filter(() => r.chance(0.3));
    const distinctId = r.chance(0.8) ? r.pick(['alice', 'bob', 'carol', 'dave']) : undefined;
    sessions.push({ id, distinctId, events, urls, windows });
  }
  return sessions;
}

export interface Chunk {
  sessionId: string;
  windowId: string;
  seq: number;
  sentAt: number;
  sdk: { name: string; version: string };
  distinctId?: string;
  events: unknown[];
}

/** One chunk per window and seq: page views as `Meta` or `$pageview`, a click in each. */
export function chunksOf(r: Rand, session: SessionSent, start: number): Chunk[] {
  const out: Chunk[] = [];
  let t = start;
  session.windows.forEach((chunks, w) => {
    chunks.forEach((urls, seq) => {
      const events: unknown[] = [];
      for (const { href } of urls) {
        events.push(
          r.chance(0.5)
            ? { type: 4, timestamp: t++, data: { href, width: 800, height: 600 } }
            : { type: 5, timestamp: t++, data: { tag: '$pageview', payload: { href } } },
        );
      }
      if (seq === 0 && w === 0) {
        for (const tag of session.events)
          events.push({ type: 5, timestamp: t++, data: { tag, payload: {} } });
      }
      events.push({ type: 3, timestamp: t++, data: { source: 2, type: 2, id: 1, x: 1, y: 1 } });
      out.push({
        sessionId: session.id,
        windowId: `${session.id.slice(-8)}-w${w}`,
        seq,
        sentAt: t + 100,
        sdk: { name: '@tapedeck/core', version: '0.0.0-test' },
        ...(session.distinctId ? { distinctId: session.distinctId } : {}),
        events,
      });
      t += 1_000;
    });
  });
  return out;
}
