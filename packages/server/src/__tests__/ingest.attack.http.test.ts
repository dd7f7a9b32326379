// `POST /s/` dressed oddly at the HTTP level (content types, encodings, the compression
// parameter) and at its size limits (events per chunk, body bytes), each sent to a server
// decoding on the event loop and to one decoding on threads: the same answer from both.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliServer } from '../../../../scripts/cliServer.mjs';
import { removeDir } from './helpers.js';
import {
  freshChunk,
  jsonOfSize,
  type Pair,
  startPair,
  withoutClock,
} from './ingest.attack.helpers.js';
import { requireBuiltCli } from './segments.attack.helpers.js';

const BODY_LIMIT = 5 * 1024 * 1024;

/** The answer as `status body`; `cut` when the server closed the connection mid-upload. */
async function post(server: CliServer, body: Uint8Array | string, headers = {}, query = '') {
  try {
    const response = await fetch(`${server.url}/s/?token=${server.token}${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', ...headers },
      body,
    });
    return `${response.status} ${withoutClock(await response.text())}`;
  } catch {
    return 'cut';
  }
}

/** A chunk of `count` events (a meta, a snapshot, then mouse moves). */
function withEvents(count: number): string {
  const chunk = freshChunk();
  const [meta, snapshot] = chunk.events;
  const t = chunk.sentAt - 500;
  const moves = Array.from({ length: count - 2 }, () => ({
    type: 3,
    timestamp: t,
    data: { source: 1, positions: [] },
  }));
  return JSON.stringify({ ...chunk, events: [meta, snapshot, ...moves] });
}

describe('ingestion attacks at the HTTP level and the limits', () => {
  let pair: Pair;
  beforeAll(async () => {
    requireBuiltCli();
    pair = await startPair();
  });
  afterAll(async () => {
    for (const server of [pair?.loop, pair?.threads]) {
      await server?.stop({ keepData: true });
      if (server) removeDir(server.dataDir);
    }
  });

  it('answers odd content types, encodings and compression parameters alike', {
    timeout: 120_000,
  }, async () => {
    const json = () => JSON.stringify(freshChunk());
    const large = () => jsonOfSize(freshChunk(), 300_000);
    const cases: [string, () => Uint8Array | string, Record<string, string>, string, RegExp][] = [
      ['JSON as application/json', json, { 'Content-Type': 'application/json' }, '', /^200/],
      [
        'gzip as application/json',
        () => gzipSync(json()),
        { 'Content-Type': 'application/json' },
        '',
        /^200/,
      ],
      [
        'gzip as octet-stream',
        () => gzipSync(json()),
        { 'Content-Type': 'application/octet-stream' },
        '',
        /^200/,
      ],
      [
        'gzip with Content-Encoding: gzip',
        () => gzipSync(json()),
        { 'Content-Encoding': 'gzip' },
        '',
        /^200/,
      ],
      [
        'brotli with Content-Encoding: br',
        () => brotliCompressSync(json()),
        { 'Content-Encoding': 'br' },
        '',
        /^4\d\d/,
      ],
      [
        'plain JSON with compression=gzip',
        json,
        {},
        '&compression=gzip',
        /^400 .*compression=gzip/,
      ],
      [
        'large plain JSON with compression=gzip',
        large,
        {},
        '&compression=gzip',
        /^400 .*compression=gzip/,
      ],
      [
        'deflate with compression=deflate',
        () => deflateSync(json()),
        {},
        '&compression=deflate',
        /^400 .*compression/,
      ],
      [
        'compression given twice',
        () => gzipSync(json()),
        {},
        '&compression=gzip&compression=gzip',
        /^400/,
      ],
    ];
    for (const [name, body, headers, query, expected] of cases) {
      const bytes = body();
      const [loop, threads] = await Promise.all([
        post(pair.loop, bytes, headers, query),
        post(pair.threads, bytes, headers, query),
      ]);
      expect(threads, `${name}: threads vs event loop`).toBe(loop);
      expect(loop, name).toMatch(expected);
    }
  });

  it('holds the events-per-chunk and body limits at their edges, on both paths', {
    timeout: 120_000,
  }, async () => {
    const cases: [string, () => Uint8Array | string, RegExp][] = [
      ['20,000 events, gzip', () => gzipSync(withEvents(20_000)), /^200/],
      ['20,001 events, gzip', () => gzipSync(withEvents(20_001)), /^400 .*20000/],
      ['20,001 events, plain', () => withEvents(20_001), /^400 .*20000/],
      [
        'a valid plain body just under 5 MB',
        () => jsonOfSize(freshChunk(), BODY_LIMIT - 16),
        /^200/,
      ],
    ];
    for (const [name, body, expected] of cases) {
      const bytes = body();
      const [loop, threads] = await Promise.all([
        post(pair.loop, bytes),
        post(pair.threads, bytes),
      ]);
      expect(threads, `${name}: threads vs event loop`).toBe(loop);
      expect(loop, name).toMatch(expected);
    }
    // Over the limit: a 413 naming it, unless the server closes before the upload ends.
    const over = jsonOfSize(freshChunk(), BODY_LIMIT + 1);
    for (const server of [pair.loop, pair.threads])
      expect(await post(server, over)).toMatch(/^(413 .*5242880.*|cut)$/);
  });
});
