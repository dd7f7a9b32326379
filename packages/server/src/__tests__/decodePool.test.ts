import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { limits } from '@tapedeck/protocol';
import { build } from 'tsdown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodePool } from '../internal/DecodePool.js';
import { type DecodeTask, INLINE_TEXT_BYTES } from '../internal/decodeChunk.js';
import { makeChunk } from './helpers.js';

// The decode thread runs built code: build its entry the way the package does, somewhere
// Node resolves the package's dependencies from.
const out = join(import.meta.dirname, '..', '..', 'node_modules', '.decode-worker-test');
let threads: DecodePool;
const inline = new DecodePool(0);

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  await build({
    entry: { decodeWorker: join(import.meta.dirname, '..', 'internal', 'decodeWorker.ts') },
    outDir: out,
    format: 'esm',
    platform: 'node',
    dts: false,
    logLevel: 'silent',
    config: false,
  });
  threads = new DecodePool(2, pathToFileURL(join(out, 'decodeWorker.mjs')), 0);
});

afterAll(async () => {
  await threads?.close();
  rmSync(out, { recursive: true, force: true });
});

const task = (body: Uint8Array, more: Partial<DecodeTask> = {}): DecodeTask => ({
  body,
  declaredGzip: false,
  projectId: 1,
  receivedAt: Date.now(),
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)',
  ...more,
});
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
/** A chunk that inflates past what is decoded on the event loop. */
const large = () => {
  const chunk = makeChunk();
  const at = chunk.events[0]!.timestamp;
  const text = 'x'.repeat(INLINE_TEXT_BYTES);
  chunk.events.push({ type: 5, timestamp: at + 3, data: { tag: 'big', payload: { href: text } } });
  return chunk;
};

describe('DecodePool', () => {
  it('decodes on worker threads exactly as on the event loop, refusals included', async () => {
    expect(threads.threads).toBe(2);
    const chunk = makeChunk();
    const cases: [string, DecodeTask][] = [
      ['gzip', task(gzipSync(JSON.stringify(chunk)))],
      ['plain', task(json(chunk))],
      ['clock ahead (moved)', task(json({ ...chunk, sentAt: chunk.sentAt + 3_600_000 }))],
      ['empty', task(new Uint8Array(0))],
      ['not gzip', task(json(chunk), { declaredGzip: true })],
      ['corrupt gzip', task(gzipSync('{"a":1}').subarray(0, 12))],
      ['bomb', task(gzipSync(Buffer.alloc(limits.maxDecompressedBytes + 1, 32)))],
      ['bad JSON', task(Buffer.from('{"sessionId":'))],
      ['bad chunk', task(json({ ...chunk, seq: -1 }))],
      // Past the inline bound: these two are decoded on a thread by the threaded pool.
      ['large gzip', task(gzipSync(JSON.stringify(large())))],
      ['large plain', task(json(large()))],
    ];
    for (const [name, t] of cases) {
      const [a, b] = await Promise.all([threads.decode(t, 'x'), inline.decode(t, 'x')]);
      const same = (o: typeof a) =>
        o.ok ? { ...o, chunk: { ...o.chunk, stored: o.chunk.stored.length } } : o;
      expect(same(a), name).toEqual(same(b));
    }
    const decoded = await threads.decode(cases[0]![1], 'x');
    expect(decoded.ok && decoded.chunk.summary).toMatchObject({
      blobKey: `1/${chunk.sessionId}/${chunk.windowId}/0.json.gz`,
      deviceType: 'mobile',
      clickCount: 1,
    });
    const bomb = await threads.decode(cases[6]![1], 'x');
    expect(bomb).toMatchObject({ ok: false, status: 413 });
  });

  it('takes waiting jobs in turn per owner, not in arrival order', async () => {
    const one = new DecodePool(1, pathToFileURL(join(out, 'decodeWorker.mjs')));
    const order: string[] = [];
    const body = gzipSync(JSON.stringify(large()));
    const jobs = [
      ...Array.from({ length: 4 }, (_, i) =>
        one.decode(task(body), 'flood').then(() => order.push(`flood${i}`)),
      ),
      one.decode(task(body), 'honest').then(() => order.push('honest')),
    ];
    await Promise.all(jobs);
    await one.close();
    // flood0 was running when the rest queued; then each owner in turn (flood waited longest).
    expect(order).toEqual(['flood0', 'flood1', 'honest', 'flood2', 'flood3']);
  });

  it('decodes a small chunk at once, not behind large ones waiting for a thread', async () => {
    const one = new DecodePool(1, pathToFileURL(join(out, 'decodeWorker.mjs')));
    const order: string[] = [];
    const big = gzipSync(JSON.stringify(large()));
    const small = gzipSync(JSON.stringify(makeChunk()));
    const jobs = [
      ...Array.from({ length: 3 }, (_, i) =>
        one.decode(task(big), 'flood').then((o) => order.push(`big${i}:${o.ok}`)),
      ),
      one.decode(task(small), 'flood').then((o) => order.push(`small:${o.ok}`)),
    ];
    await Promise.all(jobs);
    await one.close();
    expect(order).toEqual(['small:true', 'big0:true', 'big1:true', 'big2:true']);
  });

  it('sends a body that says it is small and is not to wait its turn, behind nothing small', async () => {
    // Small chunks go to the thread whatever the loop's load (as when it is busy).
    const one = new DecodePool(1, pathToFileURL(join(out, 'decodeWorker.mjs')), 0);
    const huge = makeChunk();
    const at = huge.events[0]!.timestamp;
    const href = 'x'.repeat(4 * INLINE_TEXT_BYTES);
    huge.events.push({ type: 5, timestamp: at + 3, data: { tag: 'big', payload: { href } } });
    const liar = Buffer.from(gzipSync(JSON.stringify(huge)));
    liar.writeUInt32LE(1000, liar.length - 4); // the size gzip says it inflates to
    const order: string[] = [];
    const [lied] = await Promise.all([
      one.decode(task(liar), 'liar').then((o) => {
        order.push('liar');
        return o;
      }),
      one.decode(task(gzipSync(JSON.stringify(makeChunk()))), 'honest').then((o) => {
        order.push(`honest:${o.ok}`);
      }),
    ]);
    await one.close();
    expect(order).toEqual(['honest:true', 'liar']);
    // Refused as the event loop refuses it: its trailer does not match what it inflates to.
    expect(lied).toEqual(await inline.decode(task(liar), 'liar'));
    expect(lied).toMatchObject({ ok: false, status: 400 });
  });
});
