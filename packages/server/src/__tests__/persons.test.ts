import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeProperties } from '../storage/mergeProperties.js';
import {
  getJson,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  type TestServer,
} from './helpers.js';

const identify = (t: number, properties: Record<string, unknown>) => ({
  type: 5,
  timestamp: t,
  data: { tag: '$identify', payload: { distinctId: 'pat', properties } },
});

describe("a person's properties, merged (the same on SQLite and PostgreSQL)", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('merges objects at any depth, replaces other values, and removes a key set to null', async () => {
    const first = makeChunk({ seq: 0 });
    const t = first.events[0]!.timestamp;
    const firstEvents = [
      ...first.events,
      identify(t + 3, {
        plan: 'free',
        address: { city: 'Oslo', zip: '0150', geo: { lat: 59.9 } },
        beta: true,
        tags: ['a', 'b'],
        'with space': 1,
      }),
    ];
    const second = makeChunk({ seq: 1 });
    const secondEvents = [
      ...second.events,
      identify(second.events[0]!.timestamp + 3, {
        plan: 'pro',
        address: { zip: '0151', geo: { lng: 10.7 }, floor: null },
        beta: null,
        tags: ['c'],
        missing: null,
        fresh: { nested: { deep: null, kept: 0 } },
      }),
    ];
    expect((await post(server, gz({ ...first, events: firstEvents }))).status).toBe(200);
    expect((await post(server, gz({ ...second, events: secondEvents }))).status).toBe(200);
    const { status, json } = await getJson(server, '/api/persons/pat');
    expect(status).toBe(200);
    expect(json.properties).toStrictEqual({
      plan: 'pro',
      address: { city: 'Oslo', zip: '0151', geo: { lat: 59.9, lng: 10.7 } },
      tags: ['c'],
      'with space': 1,
      fresh: { nested: { kept: 0 } },
    });
    expect(json.firstSeen).toBe(t);
  });
});

describe('mergeProperties', () => {
  it('is a JSON Merge Patch (RFC 7396)', () => {
    // The RFC's own example (section 3).
    const target = {
      title: 'Goodbye!',
      author: { givenName: 'John', familyName: 'Doe' },
      tags: ['example', 'sample'],
      content: 'This will be unchanged',
    };
    const patch = {
      title: 'Hello!',
      phoneNumber: '+01-123-456-7890',
      author: { familyName: null },
      tags: ['example'],
    };
    expect(mergeProperties(target, patch)).toStrictEqual({
      title: 'Hello!',
      author: { givenName: 'John' },
      tags: ['example'],
      content: 'This will be unchanged',
      phoneNumber: '+01-123-456-7890',
    });
  });

  it('replaces a value that is not an object by the merged object, and keeps __proto__ a key', () => {
    const merged = mergeProperties(
      { a: 1 },
      JSON.parse('{"a":{"b":1,"c":null},"__proto__":{"x":1}}'),
    );
    expect(merged).toStrictEqual(JSON.parse('{"a":{"b":1},"__proto__":{"x":1}}'));
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });

  it('leaves its inputs as they were', () => {
    const target = { a: { b: 1 } };
    mergeProperties(target, { a: { b: 2 } });
    expect(target).toStrictEqual({ a: { b: 1 } });
  });
});
