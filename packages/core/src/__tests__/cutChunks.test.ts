import { validateChunk } from '@tapedeck/protocol';
import { describe, expect, it } from 'vitest';
import { cutChunks, serialize } from '../lazy/cutChunks.js';

const envelope = {
  sessionId: 'session-1',
  windowId: 'window-1',
  sdk: { name: '@tapedeck/core', version: '0.0.0' },
};
const event = (i: number, size = 10) => ({
  type: 3,
  timestamp: 1_700_000_000_000 + i,
  data: { source: 2, text: 'x'.repeat(size) },
});

describe('cutChunks', () => {
  it('produces chunks the server accepts, numbered in order', () => {
    let seq = 5;
    const events = Array.from({ length: 50 }, (_, i) => event(i, 100));
    const chunks = cutChunks(events.map(serialize), envelope, 1_000, () => seq++);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => 5 + i));
    const parsed = chunks.map((c) => JSON.parse(c.json));
    for (const chunk of parsed) expect(validateChunk(chunk)).toMatchObject({ ok: true });
    expect(parsed.flatMap((c) => c.events)).toEqual(events);
  });

  it('keeps each chunk under the size asked for, except a lone larger event', () => {
    const events = [event(0, 10), event(1, 5_000), event(2, 10)];
    const chunks = cutChunks(events.map(serialize), envelope, 1_000, () => 0);
    expect(chunks).toHaveLength(3);
    expect(JSON.parse(chunks[1]!.json).events).toEqual([events[1]]);
  });

  it('cuts nothing from no events', () => {
    expect(cutChunks([], envelope, 1_000, () => 0)).toEqual([]);
  });
});
