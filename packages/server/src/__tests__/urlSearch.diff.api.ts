// The public HTTP API as the URL search differential uses it: searches spread over several
// viewer keys (each key may search 5 times a second in bursts of 50), every page followed.
import { auth, type TestServer } from './helpers.js';
import type { SessionSent } from './urlSearch.diff.corpus.js';
import { expectedIds, type Node } from './urlSearch.diff.filters.js';

/** `work` over `items`, `width` at a time; the answers in the items' order. */
export async function pool<T, U>(
  items: readonly T[],
  width: number,
  work: (item: T, i: number) => Promise<U>,
): Promise<U[]> {
  const out: U[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i]!, i);
  };
  await Promise.all(Array.from({ length: width }, worker));
  return out;
}

export async function send(server: TestServer, path: string, method: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...auth(), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}

export interface Searcher {
  server: TestServer;
  keys: string[];
  turn: number;
}

/** Viewer keys enough for a few hundred searches at once. */
export async function searcher(server: TestServer, count = 30): Promise<Searcher> {
  const keys = await pool(Array.from({ length: count }), 4, async (_, i) => {
    const { status, json } = await send(server, '/api/keys', 'POST', {
      name: `s${i}`,
      role: 'viewer',
    });
    if (status !== 200 && status !== 201) throw new Error(`POST /api/keys: ${status}`);
    return json.key as string;
  });
  return { server, keys, turn: 0 };
}

/** One request, by the next key; past every key's budget, when the server says to retry. */
async function request(s: Searcher, path: string, init: RequestInit = {}): Promise<Response> {
  for (let tries = 0; ; tries++) {
    const key = s.keys[s.turn++ % s.keys.length]!;
    const headers = { ...auth(key), ...(init.headers as Record<string, string>) };
    const response = await fetch(`${s.server.url}${path}`, { ...init, headers });
    if (response.status !== 429) return response;
    await response.arrayBuffer();
    if (tries % s.keys.length === s.keys.length - 1) {
      const wait = Number(response.headers.get('retry-after') ?? 1);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
  }
}

export type Found = { ids: string[] } | { error: string };

/** Every session the API finds, page after page, by the POST route or (`get`) the GET one. */
export async function search(s: Searcher, filter: Node, limit = 500, get = false): Promise<Found> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = { limit: String(limit), ...(cursor ? { cursor } : {}) };
    const response = get
      ? await request(
          s,
          `/api/sessions?${new URLSearchParams({ ...page, filter: JSON.stringify(filter) })}`,
        )
      : await request(s, '/api/sessions/search', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ filter, limit, ...(cursor ? { cursor } : {}) }),
        });
    const body = (await response.json()) as { sessions: { id: string }[]; next: string | null };
    if (response.status !== 200) return { error: `${response.status} ${JSON.stringify(body)}` };
    ids.push(...body.sessions.map((x) => x.id));
    cursor = body.next;
  } while (cursor);
  return { ids };
}

/** The sorted ids found, or the error. */
export const ids = async (s: Searcher, filter: Node) => {
  const found = await search(s, filter);
  return 'ids' in found ? [...found.ids].sort() : found.error;
};

/** The filters whose answer differs from what they mean, with what was missing or extra. */
export async function differences(s: Searcher, filters: Node[], sessions: SessionSent[]) {
  const wrong = await pool(filters, 4, async (filter, i) => {
    const want = expectedIds(filter, sessions);
    // Every 7th filter pages (4 pages or so); every 5th goes by GET.
    const limit = i % 7 === 3 ? Math.max(1, Math.ceil(want.length / 4)) : 500;
    const found = await search(s, filter, limit, i % 5 === 1);
    if ('error' in found) return { filter, error: found.error };
    const got = [...found.ids].sort();
    if (new Set(got).size !== got.length) return { filter, repeated: got };
    const missing = want.filter((id) => !got.includes(id));
    const extra = got.filter((id) => !want.includes(id));
    return missing.length || extra.length ? { filter, missing, extra } : null;
  });
  return wrong.filter((w) => w !== null);
}
