import { packEvents } from '@tapedeck/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  getJson,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  type TestServer,
} from './helpers.js';

// The recorder's worker packs DOM nodes (`packEvents`): the server stores such a chunk as
// sent, its index still finds what it needs, and `/export` gives rrweb's own events back.
const T = Date.now() - 600_000;
const SESSION = '0192a0c1-7d2e-7c3b-9a4f-300000000001';
const PAGE = 'https://shop.example/orders';
const text = (id: number, textContent: string) => ({ type: 3, textContent, id });
const cell = (id: number, value: string) => ({
  type: 2,
  tagName: 'td',
  attributes: {},
  childNodes: [text(id + 1, value)],
  id,
});
const events = () => [
  { type: 4, timestamp: T, data: { href: PAGE, width: 1280, height: 700 } },
  {
    type: 2,
    timestamp: T + 1,
    data: {
      node: {
        type: 0,
        childNodes: [
          { type: 1, name: 'html', publicId: '', systemId: '', id: 2 },
          {
            type: 2,
            tagName: 'html',
            attributes: {},
            childNodes: [cell(4, 'Customer 1'), cell(6, 'open')],
            id: 3,
          },
        ],
        id: 1,
      },
      initialOffset: { left: 0, top: 0 },
    },
  },
  {
    type: 3,
    timestamp: T + 50,
    data: {
      source: 0,
      texts: [],
      attributes: [{ id: 4, attributes: { class: 'hot' } }],
      removes: [{ parentId: 6, id: 7 }],
      adds: [{ parentId: 6, nextId: null, node: text(8, 'paid') }],
    },
  },
  { type: 3, timestamp: T + 100, data: { source: 3, id: 1, x: 0, y: 500 } },
];

describe('packed events', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    const packed = events();
    packEvents(packed);
    const chunk = makeChunk({ sessionId: SESSION, seq: 0, sentAt: T + 1000, events: packed });
    const { status, json } = await post(server, gz(chunk), { query: 'compression=gzip' });
    expect(status, JSON.stringify(json)).toBe(200);
  });

  afterAll(async () => {
    await server?.close();
    removeDir(server.dataDir);
  });

  it('are stored as sent and exported as rrweb events', async () => {
    const stream = await fetch(`${server.url}/api/sessions/${SESSION}/snapshots`, {
      headers: auth(),
    });
    const stored = JSON.parse((await stream.text()).trim()).events;
    expect(stored[1].data.packed).toBe(1);
    expect(JSON.stringify(stored[1])).toContain('["td",{},"Customer 1"]');

    const exported = await getJson(server, `/api/sessions/${SESSION}/export`);
    expect(exported.status).toBe(200);
    expect(exported.json).toEqual(events());
  });

  it('still give the index the page and its document', async () => {
    const { json } = await getJson(server, `/api/heatmaps?url=${encodeURIComponent(PAGE)}`);
    // The page's own scroll (the document's id) reaches 500 px + a 700 px viewport.
    expect(json).toMatchObject({ sessions: 1, scroll: [{ y: 1200, pageviews: 1 }] });
  });
});
