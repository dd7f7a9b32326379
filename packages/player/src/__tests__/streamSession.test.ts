import { describe, expect, it } from 'vitest';
import { formatTime } from '../internal/formatTime.js';
import { parseNdjson } from '../streamSession.js';

function streamOf(parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
}

describe('parseNdjson', () => {
  it("yields each line's events, however the bytes are split", async () => {
    const a = JSON.stringify({ seq: 0, events: [{ type: 4, timestamp: 1, data: {} }] });
    const b = JSON.stringify({ seq: 1, events: [{ type: 3, timestamp: 2, data: { s: 'é' } }] });
    const text = `${a}\n${b}\n`;
    const parts = [text.slice(0, 7), text.slice(7, a.length + 3), text.slice(a.length + 3)];
    const out = [];
    for await (const events of parseNdjson(streamOf(parts))) out.push(events);
    expect(out).toEqual([JSON.parse(a).events, JSON.parse(b).events]);
  });

  it('reads a last line with no newline', async () => {
    const out = [];
    for await (const events of parseNdjson(streamOf(['{"events":[]}']))) out.push(events);
    expect(out).toEqual([[]]);
  });
});

describe('formatTime', () => {
  it('shows minutes and seconds, and hours when there are any', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(75_000)).toBe('1:15');
    expect(formatTime(3_725_000)).toBe('1:02:05');
  });
});
