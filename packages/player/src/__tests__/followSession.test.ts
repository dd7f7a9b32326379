import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followSession } from '../followSession.js';
import { HeldChunks } from '../internal/HeldChunks.js';
import type { EventBatch } from '../types.js';

// The network is faked: each call of fetch takes the next scripted answer. Waits between
// reconnects run on a fake clock, so the tests check the backoff without sleeping.
const URL = '/api/sessions/s1/snapshots?follow=true';
const chunk = (windowId: string, seq: number) =>
  `${JSON.stringify({ windowId, seq, events: [{ type: 3, timestamp: 1000 + seq, data: {} }] })}\n`;

/** An answer of `lines`, then a clean end, or a dropped connection with `drop`. */
function answer(lines: string[], { live = true, drop = false } = {}): Response {
  const encoder = new TextEncoder();
  const left = [...lines];
  // Pulled line by line: a drop comes after every line was read, as a cut connection does.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const line = left.shift();
      if (line !== undefined) controller.enqueue(encoder.encode(line));
      else if (drop) controller.error(new TypeError('network error'));
      else controller.close();
    },
  });
  return new Response(body, { headers: { 'X-Tapedeck-Live': String(live) } });
}
const refused = () => Promise.reject(new TypeError('Failed to fetch'));

let calls: string[];
function script(...answers: (() => Promise<Response> | Response)[]) {
  calls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      calls.push(url);
      const next = answers.shift();
      if (!next) throw new Error(`unexpected fetch ${calls.length}: ${url}`);
      return next();
    }),
  );
}

/** Reads the stream to its end (or its error), the fake clock moving on. */
async function drain(source: AsyncGenerator<EventBatch>) {
  const batches: { windowId?: string; ts: number }[] = [];
  let error: Error | null = null;
  const done = (async () => {
    try {
      for await (const b of source) batches.push({ windowId: b.windowId, ts: b[0]!.timestamp });
    } catch (e) {
      error = e as Error;
    }
  })();
  await vi.runAllTimersAsync();
  await done;
  return { batches, error: error as Error | null };
}

describe('followSession', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reconnects when a live stream ends or drops, asks for what it lacks, and yields each chunk once', async () => {
    script(
      // The server restarts: the stream ends cleanly, the next try finds it down.
      () => answer([chunk('w1', 0), chunk('w1', 1)]),
      refused,
      // Back up, but this server knows no `after`: everything again, and one new chunk.
      () => answer([chunk('w1', 0), chunk('w1', 1), chunk('w1', 2)], { drop: true }),
      // The connection dropped: the rest; then the session ends (not live any more).
      () => answer([chunk('w1', 2), chunk('w2', 0)], { live: false }),
    );
    const seen: boolean[] = [];
    const { batches, error } = await drain(
      followSession(URL, {}, { reconnecting: (on) => seen.push(on) }),
    );
    expect(error).toBeNull();
    expect(batches.map((b) => `${b.windowId}/${b.ts - 1000}`)).toEqual([
      'w1/0',
      'w1/1',
      'w1/2',
      'w2/0',
    ]);
    expect(calls).toEqual([
      URL,
      `${URL}&after=${encodeURIComponent('w1:1')}`,
      `${URL}&after=${encodeURIComponent('w1:1')}`,
      `${URL}&after=${encodeURIComponent('w1:2')}`,
    ]);
    // Said once per outage, not once per try.
    expect(seen).toEqual([true, false, true, false]);
  });

  it('stops after a reconnect that ends with nothing new', async () => {
    script(
      () => answer([chunk('w1', 0)]),
      () => answer([]),
    );
    const { batches, error } = await drain(followSession(URL));
    expect(error).toBeNull();
    expect(batches).toHaveLength(1);
    expect(calls).toHaveLength(2);
  });

  it('does not reconnect when the stream of a recording that is not live ends', async () => {
    script(() => answer([chunk('w1', 0)], { live: false }));
    const { batches } = await drain(followSession(URL));
    expect(batches).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });

  it('gives up after a few tries with growing waits, saying what to do', async () => {
    script(() => answer([chunk('w1', 0)]), ...Array.from({ length: 6 }, () => refused));
    const started = Date.now();
    const waits: number[] = [];
    const { error } = await drain(
      followSession(URL, {}, { reconnecting: () => waits.push(Date.now() - started) }),
    );
    expect(calls).toHaveLength(7);
    expect(error?.message).toMatch(/6 tries to reconnect failed \(Failed to fetch\)/);
    expect(error?.message).toMatch(/reload the page to keep watching/);
    // 0.5 s, doubling, at most 8 s: the last try about 24 s after the loss.
    expect(Date.now() - started).toBe(500 + 1000 + 2000 + 4000 + 8000 + 8000);
  });

  it('gives up at once when a reconnect is refused for good', async () => {
    script(
      () => answer([chunk('w1', 0)], { drop: true }),
      () => new Response('No session s1 in this project.', { status: 404 }),
    );
    const { error } = await drain(followSession(URL));
    expect(error?.message).toBe(
      'Could not load the recording (404): No session s1 in this project.',
    );
  });

  it('fails as before when the first request fails', async () => {
    script(() => new Response('Unauthorized', { status: 401 }));
    const { error } = await drain(followSession(URL));
    expect(error?.message).toBe('Could not load the recording (401): Unauthorized');
    expect(calls).toHaveLength(1);
  });

  it('stops trying once its signal aborts', async () => {
    const stop = new AbortController();
    script(() => answer([chunk('w1', 0)], { drop: true }));
    const source = followSession(
      URL,
      {},
      { signal: stop.signal, reconnecting: () => stop.abort() },
    );
    const { error, batches } = await drain(source);
    expect(error).toBeNull();
    expect(batches).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });
});

describe('HeldChunks', () => {
  it('resumes after the unbroken run of each window, so a chunk out of order is not missed', () => {
    const held = new HeldChunks();
    for (const [windowId, seq] of [
      ['a', 0],
      ['a', 1],
      ['a', 3],
      ['b', 1],
    ] as const)
      expect(held.add({ windowId, seq, events: [] })).toBe(true);
    expect(held.add({ windowId: 'a', seq: 3, events: [] })).toBe(false);
    // b has no seq 0 yet: nothing of it is skipped.
    expect(held.resume('/x?follow=true')).toBe(`/x?follow=true&after=${encodeURIComponent('a:1')}`);
    expect(held.add({ windowId: 'a', seq: 2, events: [] })).toBe(true);
    expect(held.resume('/x')).toBe(`/x?after=${encodeURIComponent('a:3')}`);
  });
});
