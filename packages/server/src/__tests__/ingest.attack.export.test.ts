// Packed chunks sent straight to `POST /s/`, as a hostile or buggy client would: whatever is
// acknowledged, `/export` must give back plain rrweb (no packed marker) as a whole JSON
// document, and the player's reading of `/snapshots` (each line's events through
// `unpackEvents`) must not throw. Both stores.
import { packEvents } from '@tapedeck/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gz, removeDir, startTestServer, type TestServer } from './helpers.js';
import {
  type Chunk,
  deepDomChunk,
  freshChunk,
  postChunk,
  readAsPlayer,
  readExport,
} from './ingest.attack.helpers.js';

const snapshot = (chunk: Chunk, data: Record<string, unknown>) => {
  chunk.events[1]!.data = data;
  return chunk;
};

describe('packed chunks sent directly: export and replay', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
    if (server) removeDir(server.dataDir);
  });

  it('exports a chunk mixing packed and plain snapshots and mutations as plain rrweb', async () => {
    const chunk = freshChunk();
    const t = chunk.sentAt - 900;
    const doc = (text: string) => ({
      node: { type: 0, id: 1, childNodes: [{ type: 3, textContent: text, id: 2 }] },
      initialOffset: { left: 0, top: 0 },
    });
    const add = { parentId: 1, nextId: null, node: { type: 3, textContent: 'added', id: 3 } };
    const mutation = { source: 0, texts: [], attributes: [], removes: [], adds: [add] };
    const plain = [
      ...chunk.events,
      { type: 2, timestamp: t + 600, data: doc('packed one') },
      { type: 3, timestamp: t + 610, data: structuredClone(mutation) },
      { type: 2, timestamp: t + 700, data: doc('plain one') },
      { type: 3, timestamp: t + 710, data: structuredClone(mutation) },
    ];
    const sent = structuredClone(plain);
    const packedPart = sent.slice(3, 5);
    packEvents(packedPart);
    expect(packedPart.map((e) => (e.data as { packed?: number }).packed)).toEqual([1, 1]);
    const answer = await postChunk(server, gz({ ...chunk, events: sent }));
    expect(answer.status, answer.body).toBe(200);

    const exported = await readExport(server, chunk.sessionId);
    expect(exported).toMatchObject({ status: 200, complete: true });
    expect(JSON.parse(exported.text)).toEqual(plain);
    expect(await readAsPlayer(server, chunk.sessionId)).toEqual(plain);
  });

  for (const packed of [false, true])
    it(`exports a page 500 elements deep (${packed ? 'packed' : 'plain'}) exactly`, async () => {
      const deep = deepDomChunk(500, packed);
      const answer = await postChunk(server, deep.body);
      expect(answer.status, answer.body).toBe(200);
      const exported = await readExport(server, deep.sessionId);
      expect(exported).toMatchObject({ status: 200, complete: true });
      expect(exported.text).toBe(deep.exported);
    });

  const odd: [string, Record<string, unknown>][] = [
    ['a number for the node', { node: 5, packed: 1 }],
    ['a string for the node', { node: 'text', packed: 1 }],
    ['an empty array for the node', { node: [], packed: 1 }],
    [
      'a number among the children',
      { node: { type: 0, id: 1, childNodes: [['p', {}, 42]] }, packed: 1 },
    ],
    [
      'an object tag name, a string for attributes',
      { node: { type: 0, id: 1, childNodes: [[{ a: 1 }, 'x', 'y']] }, packed: 1 },
    ],
    [
      'a string id',
      {
        node: {
          type: 0,
          id: 1,
          childNodes: [{ type: 2, tagName: 'p', attributes: {}, childNodes: [], id: 'abc' }],
        },
        packed: 1,
      },
    ],
    [
      'one id twice',
      {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            { type: 3, textContent: 'a', id: 1 },
            { type: 3, textContent: 'b', id: 1 },
          ],
        },
        packed: 1,
      },
    ],
    [
      'the largest id, then an implied one',
      {
        node: {
          type: 0,
          id: 1,
          childNodes: [{ type: 3, textContent: 'a', id: Number.MAX_VALUE }, 'b'],
        },
        packed: 1,
      },
    ],
    ['packed as a string', { node: { type: 0, id: 1, childNodes: ['x'] }, packed: 'yes' }],
  ];
  for (const [name, data] of odd)
    it(`acknowledges or refuses a packed snapshot with ${name}; export and replay still work`, async () => {
      const chunk = snapshot(freshChunk(), data);
      const answer = await postChunk(server, gz(chunk));
      expect(answer.status, answer.body).toBeLessThan(500);
      if (answer.status !== 200) return;
      const exported = await readExport(server, chunk.sessionId);
      expect(exported).toMatchObject({ status: 200, complete: true });
      const events = JSON.parse(exported.text) as { data: Record<string, unknown> }[];
      expect(events).toHaveLength(3);
      expect(events.filter((event) => 'packed' in event.data)).toEqual([]);
      expect(await readAsPlayer(server, chunk.sessionId)).toEqual(events);
    });
});
