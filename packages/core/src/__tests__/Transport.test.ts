import { type Collector, sleep, startCollector, until } from '@tapedeck/test-collector';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compressHere } from '../lazy/compressor.js';
import { type OutgoingChunk, Transport } from '../lazy/Transport.js';

const chunk = (seq: number, size = 10): OutgoingChunk => ({
  seq,
  key: `s:w:${seq}`,
  from: seq * 1000,
  to: seq * 1000 + 999,
  json: JSON.stringify({ seq, events: [{ type: 3, timestamp: seq, data: 'x'.repeat(size) }] }),
});

describe('Transport', () => {
  let collector: Collector;
  let errors: string[];
  let dropped: OutgoingChunk[];
  let transport: Transport;

  const make = (maxQueueBytes = 16 * 1024 * 1024) =>
    new Transport({
      url: `${collector.host}/s/?token=t`,
      compress: compressHere,
      onError: (m) => errors.push(m),
      onDrop: (d) => dropped.push(...d),
      maxQueueBytes,
    });

  beforeEach(async () => {
    collector = await startCollector();
    errors = [];
    dropped = [];
  });

  afterEach(async () => {
    transport.dispose();
    await collector.close();
  });

  it('sends gzip, in order', async () => {
    transport = make();
    for (let seq = 0; seq < 5; seq++) transport.send(chunk(seq));
    await until(() => collector.chunks.length === 5, 'five chunks');
    expect(collector.chunks.map((c) => c.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it('drops a chunk the server refuses with a 4xx, and says why, without retrying', async () => {
    transport = make();
    collector.statuses.push({ status: 400 });
    transport.send(chunk(0));
    transport.send(chunk(1));
    await until(() => collector.chunks.length === 1, 'the next chunk');
    expect(collector.chunks[0]?.seq).toBe(1);
    expect(errors[0]).toMatch(/refused chunk 0 \(400\)/);
  });

  it('waits as long as Retry-After says on a 429, and reports a quota', async () => {
    transport = make();
    collector.statuses.push({
      status: 429,
      headers: { 'Retry-After': '1', 'X-Tapedeck-Quota': 'exceeded' },
    });
    const started = Date.now();
    transport.send(chunk(0));
    await until(() => collector.chunks.length === 1, 'the retry', 5_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(errors[0]).toMatch(/quota/);
  });

  it('keeps the queue bounded while the server is down, dropping the oldest as a gap', async () => {
    transport = make(5_000);
    for (let i = 0; i < 20; i++) collector.statuses.push({ status: 503 });
    for (let seq = 0; seq < 30; seq++) transport.send(chunk(seq, 500));
    await sleep(50);
    expect(transport.pending).toBeLessThanOrEqual(10);
    expect(dropped.length).toBeGreaterThan(15);
    expect(dropped[0]?.seq).toBe(1); // the one in flight stays
  });

  it('drops the oldest chunk too once it is only waiting for a retry', async () => {
    transport = make(5_000);
    collector.statuses.push({ status: 503, headers: { 'Retry-After': '30' } });
    transport.send(chunk(0, 500));
    await until(() => collector.statuses.length === 0, 'the first attempt');
    await sleep(20);
    for (let seq = 1; seq < 30; seq++) transport.send(chunk(seq, 500));
    expect(dropped[0]?.seq).toBe(0);
    expect(transport.pending).toBeLessThanOrEqual(10);
  });
});
