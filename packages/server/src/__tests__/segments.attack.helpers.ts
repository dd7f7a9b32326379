// Shared by the segment attack tests (issue #19): chunks that carry markers, a scan of every
// byte under a data folder (raw and inside every gzip member), and the real `tapedeck check`.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, inflateRawSync } from 'node:zlib';
import { expect } from 'vitest';
import { auth } from './helpers.js';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** The CLI tests need `packages/server/dist`: say so plainly instead of timing out. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: build first (pnpm --filter @tapedeck/server... build)`);
}

export const WINDOW = '0192a0c1-7d2e-7c3b-9a4f-00000000000a';
export const sessionId = (tag: number) =>
  `0192a0c1-7d2e-7c3b-9a4f-${(0x5e9000000000 + tag).toString(16).padStart(12, '0')}`;

export interface Marks {
  /** Text of a DOM text node (only in the chunk's bytes). */
  dom: string;
  /** Text in a custom event's payload (may also be indexed by the database). */
  payload?: string;
}

/** A chunk of a recent session whose events carry the given markers. */
export function markedChunk(id: string, seq: number, marks: Marks, start = Date.now() - 60_000) {
  const t = start + seq * 1_000;
  return {
    sessionId: id,
    windowId: WINDOW,
    seq,
    sentAt: t + 900,
    sdk: { name: '@tapedeck/core', version: '0.0.0-test' },
    events: [
      { type: 4, timestamp: t, data: { href: 'https://shop.example/', width: 800, height: 600 } },
      {
        type: 2,
        timestamp: t + 1,
        data: {
          node: {
            type: 0,
            id: 1,
            childNodes: [{ type: 3, id: 2, textContent: `${marks.dom} #${seq}` }],
          },
        },
      },
      ...(marks.payload
        ? [{ type: 5, timestamp: t + 2, data: { tag: 'note', payload: { note: marks.payload } } }]
        : []),
      { type: 3, timestamp: t + 500, data: { source: 2, type: 2, id: 1, x: 5, y: 5 } },
    ],
  };
}
export type Chunk = ReturnType<typeof markedChunk>;

function occurrences(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

/** Where a gzip member's deflate data starts (after its header), or -1 when it is no header. */
function deflateStart(buf: Buffer, at: number): number {
  if (buf[at] !== 0x1f || buf[at + 1] !== 0x8b || buf[at + 2] !== 8) return -1;
  const flags = buf[at + 3] ?? 0;
  let p = at + 10;
  if (flags & 4) p += 2 + (buf.readUInt16LE(Math.min(p, buf.length - 2)) || 0);
  if (flags & 8) p = buf.indexOf(0, p) + 1;
  if (flags & 16) p = buf.indexOf(0, p) + 1;
  if (flags & 2) p += 2;
  return p > at && p < buf.length ? p : -1;
}

/**
 * How many times `marker` occurs in `buf`: raw, and inside every gzip member found anywhere
 * (each member inflated on its own, as far as it goes, even cut short; nested members too).
 */
export function countMarker(buf: Buffer, marker: string, depth = 0): number {
  const needle = Buffer.from(marker);
  let count = occurrences(buf, needle);
  if (depth > 3) return count;
  const magic = Buffer.from([0x1f, 0x8b]);
  for (let at = buf.indexOf(magic); at >= 0; ) {
    let next = at + 1;
    const start = deflateStart(buf, at);
    if (start >= 0) {
      try {
        const { buffer, engine } = inflateRawSync(buf.subarray(start), {
          info: true,
          finishFlush: constants.Z_SYNC_FLUSH,
        }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
        count += countMarker(buffer, marker, depth + 1);
        if (buffer.length > 0) next = start + Math.max(1, engine.bytesWritten);
      } catch {
        // Not a member after all: look further on.
      }
    }
    at = buf.indexOf(magic, next);
  }
  return count;
}

/** Every file under a folder (the SQLite files, chunk files, segments, anything). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Each file under `dir` that holds `marker`, raw or gzipped, with how many copies. */
export function whereMarker(dir: string, marker: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const file of filesUnder(dir)) {
    const count = countMarker(readFileSync(file), marker);
    if (count > 0) found[file.slice(dir.length + 1)] = count;
  }
  return found;
}

export const copies = (dir: string, marker: string) =>
  Object.values(whereMarker(dir, marker)).reduce((a, b) => a + b, 0);

export interface Line {
  sessionId: string;
  windowId: string;
  seq: number;
  events: unknown[];
}

/** A session's chunks as the API replays them (`null` when the session is unknown). */
export async function readSession(url: string, id: string, key?: string): Promise<Line[] | null> {
  const response = await fetch(`${url}/api/sessions/${id}/snapshots`, { headers: auth(key) });
  if (response.status === 404) return null;
  const text = await response.text();
  expect(response.status, `snapshots of ${id}: ${text.slice(0, 300)}`).toBe(200);
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Line);
}

/** Every chunk sent comes back exactly once, with exactly its events. */
export async function expectComplete(url: string, id: string, sent: Chunk[], key?: string) {
  const lines = (await readSession(url, id, key)) ?? [];
  const key2 = (l: { windowId: string; seq: number }) => `${l.windowId}/${l.seq}`;
  expect(lines.map(key2).sort(), `chunks of ${id}`).toEqual(sent.map(key2).sort());
  for (const chunk of sent)
    expect(lines.find((l) => key2(l) === key2(chunk))?.events, `${id} ${key2(chunk)}`).toEqual(
      chunk.events,
    );
}

/** `tapedeck check --data dir`, as an operator runs it with the server stopped. */
export function runCheck(dataDir: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'check', '--data', dataDir], (error, out, err) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, out: String(out), err: String(err) });
    });
  });
}

/** The check found nothing wrong (in today's words: 0 unreadable, 0 missing, database ok). */
export function expectCleanCheck(check: { code: number; out: string; err: string }): void {
  const said = `${check.out}\n${check.err}`;
  expect(check.code, said).toBe(0);
  expect(said).not.toMatch(/^\s+at /m); // no stack trace
  expect(said).not.toMatch(/\b[1-9]\d* (unreadable|missing|corrupt|torn)/i);
  expect(said).toMatch(/\b0 unreadable\b/);
  expect(said).toMatch(/\b0 missing\b/);
}

/** Polls `probe` until `done` holds of what it returns, or `ms` pass; returns the last value. */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  ms = 5_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Budgets high enough that a burst of concurrent posts is never refused for its rate. */
export const NO_RATE_LIMIT = {
  perSecond: 1_000_000,
  burst: 1_000_000,
  perSession: { perSecond: 1_000_000, burst: 1_000_000 },
  perClient: { perSecond: 1_000_000, burst: 1_000_000 },
};
