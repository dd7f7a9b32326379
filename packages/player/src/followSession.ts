import { HeldChunks } from './internal/HeldChunks.js';
import { ndjsonLines } from './internal/ndjsonLines.js';
import { toBatch } from './internal/toBatch.js';
import type { EventBatch, SourceLink } from './types.js';

/** Reconnects in a row that may fail (none bringing a chunk) before giving up. */
const TRIES = 6;
/** The wait before reconnect `n` (from 0): 0.5 s, doubling, at most 8 s; about 24 s in all. */
const backoff = (n: number) => Math.min(500 * 2 ** n, 8000);
/** Answers worth retrying: the server or a proxy in between is busy or gone for now. */
const transient = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Reads `GET /api/sessions/:id/snapshots?follow=true` like `streamSession`, and keeps following
 * a live recording across dropped connections (a network blip, a proxy's timeout, a server
 * restarting): it reconnects with growing waits, asks only for the chunks after those it has
 * (`after`), and yields each chunk once (by window and seq). It ends when the server says the
 * session is no longer live (`X-Tapedeck-Live: false`) or a reconnect ends with nothing new,
 * and throws after `TRIES` failed reconnects. `link.reconnecting` hears when it starts and
 * stops trying; `link.signal` (or `init.signal`) stops it.
 */
export async function* followSession(
  url: string,
  init: RequestInit = {},
  link: Partial<SourceLink> = {},
): AsyncGenerator<EventBatch> {
  const held = new HeldChunks();
  const given = [link.signal, init.signal].filter((s): s is AbortSignal => s != null);
  const signal = given.length > 1 ? AbortSignal.any(given) : given[0];
  let connected = false;
  let again = false;
  let trying = false;
  const tell = (on: boolean) => {
    if (trying !== on) link.reconnecting?.(on);
    trying = on;
  };
  for (let failures = 0; ; ) {
    let fresh = 0;
    let status = 0;
    let live = false;
    let lost: unknown = null;
    try {
      const response = await fetch(again ? held.resume(url) : url, { ...init, signal });
      status = response.status;
      if (!response.ok || !response.body) {
        const detail = await response.text().catch(() => '');
        throw new Error(`Could not load the recording (${status}): ${detail}`);
      }
      connected = true;
      live = response.headers.get('X-Tapedeck-Live') === 'true';
      tell(false);
      for await (const line of ndjsonLines(response.body)) {
        if (!held.add(line)) continue;
        fresh += 1;
        yield toBatch(line);
      }
    } catch (error) {
      if (signal?.aborted) return;
      // Never connected, or refused (a key revoked, the session deleted): retrying won't help.
      if (!connected || (status !== 0 && status !== 200 && !transient(status))) throw error;
      lost = error;
    }
    // Ended cleanly: all there is, unless the server still follows a live session.
    if (lost === null && (!live || (again && fresh === 0))) return;
    if (fresh > 0) failures = 0;
    if (failures >= TRIES)
      throw new Error(
        `Lost the connection to this live recording and ${TRIES} tries to reconnect failed (${
          lost instanceof Error ? lost.message : 'the stream kept ending'
        }). Check that the server is reachable, then reload the page to keep watching.`,
      );
    tell(true);
    await pause(backoff(failures), signal);
    if (signal?.aborted) return;
    failures += 1;
    again = true;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
