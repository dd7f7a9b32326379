import { gunzipSync } from 'node:zlib';
import { unpackEvents } from '@tapedeck/protocol';
import type { Page } from 'playwright-core';

export interface ReplayEvent {
  type: number;
  timestamp: number;
  data: { tag?: string; payload?: Record<string, unknown>; [key: string]: unknown };
}

type Api = (path: string) => Promise<Response>;

/** Every event of a session, from the server's snapshot stream, as rrweb's (nodes expanded). */
export async function sessionEvents(api: Api, sessionId: string): Promise<ReplayEvent[]> {
  const response = await api(`/api/sessions/${sessionId}/snapshots`);
  if (response.status === 404) return [];
  const text = await response.text();
  return text
    .trim()
    .split('\n')
    .flatMap((line) => unpackEvents((JSON.parse(line) as { events: ReplayEvent[] }).events));
}

/** The custom events (tag and payload) of a session. */
export async function customEvents(api: Api, sessionId: string) {
  return (await sessionEvents(api, sessionId))
    .filter((e) => e.type === 5)
    .map((e) => ({ tag: e.data.tag, payload: e.data.payload }));
}

/** Collects the text of every body the page POSTs to Tapedeck's `/s/`. */
export function collectBodies(page: Page): string[] {
  const bodies: string[] = [];
  page.on('request', (request) => {
    const body = request.postDataBuffer();
    if (!body || !request.url().includes('/s/?')) return;
    const gzip = body[0] === 0x1f && body[1] === 0x8b;
    bodies.push((gzip ? gunzipSync(body) : body).toString('utf8'));
  });
  return bodies;
}

/** Waits until one of the collected `bodies` holds `text` (a signal the page has sent). */
export async function untilSent(bodies: string[], text: string): Promise<void> {
  await waitFor(async () => (bodies.some((b) => b.includes(text)) ? true : undefined), text);
}

export async function waitFor<T>(
  read: () => Promise<T | undefined>,
  what: string,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
