// @vitest-environment node
import { gunzipSync } from 'node:zlib';
import { unpackEvents } from '@tapedeck/protocol';
import { describe, expect, it } from 'vitest';
import { WORKER_SOURCE } from '../lazy/workerSource.js';

type Reply = { id: number; buffer?: ArrayBuffer; error?: string };

/** Runs the worker's source text as a worker would, with `self` standing in for its scope. */
function startWorker(): (id: number, text: string) => Promise<Reply> {
  const scope: { onmessage?: (e: { data: unknown }) => void; postMessage?: (r: Reply) => void } =
    {};
  new Function('self', WORKER_SOURCE)(scope);
  return (id, text) =>
    new Promise((resolve) => {
      scope.postMessage = resolve;
      scope.onmessage!({ data: { id, text } });
    });
}

const rows = Array.from({ length: 200 }, (_, i) => ({
  type: 2,
  tagName: 'tr',
  attributes: {},
  childNodes: [{ type: 3, textContent: `Customer ${i}`, id: 11 + 2 * i }],
  id: 10 + 2 * i,
}));
const chunk = () => ({
  sessionId: 's',
  windowId: 'w',
  seq: 3,
  events: [
    { type: 4, timestamp: 1, data: { href: 'https://a.example/' } },
    {
      type: 2,
      timestamp: 2,
      data: { node: { type: 0, childNodes: rows, id: 9 }, initialOffset: { left: 0, top: 0 } },
    },
  ],
});

describe('the compression worker', () => {
  it('packs the DOM nodes and gzips: the server reads back the same recording', async () => {
    const send = startWorker();
    const text = JSON.stringify(chunk());
    const reply = await send(7, text);
    expect(reply.id).toBe(7);
    const sent = gunzipSync(Buffer.from(reply.buffer!)).toString('utf8');
    expect(sent.length).toBeLessThan(text.length / 2);
    const parsed = JSON.parse(sent);
    expect(parsed.events[1].data.packed).toBe(1);
    expect({ ...parsed, events: unpackEvents(parsed.events) }).toEqual(chunk());
  });

  it('gzips a body it cannot read as it came', async () => {
    const reply = await startWorker()(1, 'not json');
    expect(gunzipSync(Buffer.from(reply.buffer!)).toString('utf8')).toBe('not json');
  });
});
