import { type Collector, startCollector, until } from '@tapedeck/test-collector';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { compressHere } from '../lazy/compressor.js';
import { type OutgoingChunk, Transport } from '../lazy/Transport.js';

const chunk = (sessionId: string, seq: number): OutgoingChunk => ({
  seq,
  key: `${sessionId}:w:${seq}`,
  from: seq,
  to: seq,
  json: JSON.stringify({ sessionId, seq, events: [{ type: 3, timestamp: seq, data: {} }] }),
});

let collector: Collector;
let errors: string[];
let transport: Transport;

beforeEach(async () => {
  collector = await startCollector();
  errors = [];
  transport = new Transport({
    url: `${collector.host}/s/?token=t`,
    compress: compressHere,
    onError: (m) => errors.push(m),
    onDrop: () => {},
    maxQueueBytes: 16 * 1024 * 1024,
  });
});

afterEach(async () => {
  transport.dispose();
  await collector.close();
});

it('stops sending a session the server says is full, and goes on with the next session', async () => {
  collector.statuses.push({ status: 429, headers: { 'X-Tapedeck-Limit': 'session' } });
  transport.send(chunk('full', 0));
  transport.send(chunk('full', 1));
  transport.send(chunk('next', 0));
  await until(() => collector.chunks.length === 1, 'the next session’s chunk');
  transport.send(chunk('full', 2));
  transport.send(chunk('next', 1));
  await until(() => collector.chunks.length === 2, 'the next session’s second chunk');
  expect(
    collector.chunks.map((c) => `${(c as { sessionId?: string }).sessionId}/${c.seq}`),
  ).toEqual(['next/0', 'next/1']);
  // The collector keeps a chunk before it answers: wait for the answer to reach the transport.
  await until(() => transport.pending === 0, 'the last answer');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/stopped this session/);
});
