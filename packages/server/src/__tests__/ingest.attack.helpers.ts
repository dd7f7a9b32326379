// Shared by the ingestion attack tests (written from the contract of `POST /s/`, not from its
// code): two real CLI servers, one decoding on the event loop (TAPEDECK_DECODE_THREADS=0) and
// one on worker threads, hostile bodies built byte by byte, and a gzip bomb made in a stream.
import { readFileSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import { unpackEvents } from '@tapedeck/protocol';
import { type CliServer, startCliServer } from '../../../../scripts/cliServer.mjs';
import type { RunningServer } from '../startServer.js';
import { auth, TOKEN } from './helpers.js';

/** Budgets out of the way: these tests aim at decoding, not at the rate limits. */
export const ARGS = ['--no-demo', '--client-rate', '1000000', '--session-rate', '1000000'];

/** Above this many inflated bytes a chunk is decoded on a worker thread (about 256 KB). */
export const THREAD_BYTES = 256 * 1024;

export interface Pair {
  loop: CliServer;
  threads: CliServer;
}

/** Operating-system threads of a process (a decode pool adds its workers). */
export const osThreads = (pid: number) =>
  Number(/Threads:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

/** Peak resident memory of a process, in MB. */
export const peakRssMb = (pid: number) =>
  Math.round(
    Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024,
  );

export async function startPair(): Promise<Pair> {
  const [loop, threads] = await Promise.all([
    startCliServer({ args: ARGS, env: { TAPEDECK_DECODE_THREADS: '0' } }),
    startCliServer({ args: ARGS, env: { TAPEDECK_DECODE_THREADS: '2' } }),
  ]);
  return { loop, threads };
}

export interface Answer {
  status: number;
  body: string;
}

/** Posts raw bytes to `/s/` as sendBeacon would (text/plain); a dropped connection is status 0. */
export async function postRaw(server: CliServer, body: Uint8Array | string): Promise<Answer> {
  try {
    const response = await fetch(`${server.url}/s/?token=${server.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body,
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { status: 0, body: String((error as Error).cause ?? error) };
  }
}

/** An API read; `complete` is false when the connection dropped before the body ended. */
export async function apiRead(server: CliServer, path: string) {
  try {
    const response = await server.api(path);
    return { status: response.status, text: await response.text(), complete: true };
  } catch (error) {
    return { status: 0, text: String((error as Error).cause ?? error), complete: false };
  }
}

/** The clock in an error message, so two servers' answers to one body can be compared. */
export const withoutClock = (text: string) =>
  text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>').replace(/-?\d{10,}/g, '<ms>');

let clock = Date.now() - 3_600_000;
let serial = 0;

/** A small valid chunk of a session of its own (ids never repeat within a test run). */
export function freshChunk(overrides: Record<string, unknown> = {}) {
  clock += 10_000;
  serial++;
  const t = clock;
  return {
    sessionId: `0192a0c1-7d2e-7c3b-9a4f-a77a${serial.toString(16).padStart(8, '0')}`,
    windowId: '0192a0c1-7d2e-7c3b-9a4f-00000000000a',
    seq: 0,
    sentAt: t + 1_000,
    sdk: { name: '@tapedeck/core', version: '0.0.0-test' },
    events: [
      { type: 4, timestamp: t, data: { href: 'https://shop.example/', width: 800, height: 600 } },
      { type: 2, timestamp: t + 1, data: { node: { type: 0, childNodes: [], id: 1 } } },
      { type: 3, timestamp: t + 500, data: { source: 2, type: 2, id: 1, x: 5, y: 5 } },
    ] as { type: number; timestamp: number; data: Record<string, unknown> }[],
    ...overrides,
  };
}
export type Chunk = ReturnType<typeof freshChunk>;

/** The chunk's JSON grown by a custom event to exactly `bytes` bytes of UTF-8. */
export function jsonOfSize(chunk: Chunk, bytes: number): string {
  const pad = { type: 5, timestamp: 0, data: { tag: 'pad', payload: { x: '' } } };
  // A damaged chunk may have lost its events: then the padding goes beside them.
  const events = Array.isArray(chunk.events) ? chunk.events : null;
  pad.timestamp = (events?.at(-1)?.timestamp ?? Number(chunk.sentAt) - 1_000) + 1;
  const grown = events ? { ...chunk, events: [...events, pad] } : { ...chunk, pad };
  const missing = bytes - Buffer.byteLength(JSON.stringify(grown));
  if (missing < 0) throw new Error(`the chunk is already over ${bytes} bytes`);
  pad.data.payload.x = 'x'.repeat(missing);
  return JSON.stringify(grown);
}

/**
 * A full snapshot whose page is `depth` nested divs around one text node, as JSON text (built
 * as a string: a deep object would overflow the test's own stack), in rrweb's form and in the
 * recorder's packed form (`packEvents`), plus the events the export must give back.
 */
export function deepDomChunk(depth: number, packed: boolean) {
  const chunk = freshChunk();
  let plain = `{"type":3,"textContent":"leaf","id":${depth + 3}}`;
  let compact = '"leaf"';
  for (let level = depth; level >= 1; level--) {
    plain = `{"type":2,"tagName":"div","attributes":{},"childNodes":[${plain}],"id":${level + 2}}`;
    compact = `["div",{},${compact}]`;
  }
  const doctype = '{"type":1,"name":"html","publicId":"","systemId":""';
  const doc = (tree: string, doctypeId: string) =>
    `{"type":0,"childNodes":[${doctype}${doctypeId}},${tree}],"id":1}`;
  const snapshot = (node: string, mark: string) =>
    `{"type":2,"timestamp":${chunk.sentAt - 999},"data":{"node":${node},"initialOffset":{"left":0,"top":0}${mark}}}`;
  const [meta, , move] = chunk.events.map((event) => JSON.stringify(event));
  const events = (snap: string) => `[${meta},${snap},${move}]`;
  const sent = packed
    ? snapshot(doc(compact, ''), ',"packed":1')
    : snapshot(doc(plain, ',"id":2'), '');
  const head = JSON.stringify({ ...chunk, events: 0 });
  return {
    sessionId: chunk.sessionId,
    body: head.replace('"events":0', `"events":${events(sent)}`),
    exported: events(snapshot(doc(plain, ',"id":2'), '')),
  };
}

/** Gzip of `prefix`, then `bytes` copies of `fill`, then `suffix`: tiny, inflating to `bytes`. */
export async function gzipBomb(prefix: string, fill: string, bytes: number, suffix = '') {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (part: Buffer) => parts.push(part));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  gzip.write(prefix);
  const block = Buffer.alloc(1 << 20, fill);
  for (let left = bytes; left > 0; left -= block.length) {
    const ok = gzip.write(block.subarray(0, Math.min(left, block.length)));
    if (!ok) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end(suffix);
  await ended;
  return Buffer.concat(parts);
}

/** What `/export` sends, and whether the body arrived whole. */
export async function readExport(server: RunningServer, sessionId: string) {
  const response = await fetch(`${server.url}/api/sessions/${sessionId}/export`, {
    headers: auth(),
  });
  try {
    return { status: response.status, text: await response.text(), complete: true };
  } catch {
    return { status: response.status, text: '', complete: false };
  }
}

/** The session read as the player reads it; the error message when that throws. */
export async function readAsPlayer(server: RunningServer, sessionId: string) {
  const response = await fetch(`${server.url}/api/sessions/${sessionId}/snapshots`, {
    headers: auth(),
  });
  const lines = (await response.text()).split('\n').filter((line) => line.trim());
  try {
    return lines.flatMap((line) => unpackEvents(JSON.parse(line).events));
  } catch (error) {
    return (error as Error).message;
  }
}

export async function postChunk(server: RunningServer, body: string | Uint8Array) {
  const response = await fetch(`${server.url}/s/?token=${TOKEN}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body,
  });
  return { status: response.status, body: await response.text() };
}
