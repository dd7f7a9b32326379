import { describe, expect, it } from 'vitest';
import { limits } from '../limits.js';
import { validateChunk } from '../validateChunk.js';

const good = () => ({
  sessionId: '0192a0c1-7d2e-7c3b-9a4f-1b2c3d4e5f60',
  windowId: '0192a0c1-7d2e-7c3b-9a4f-1b2c3d4e5f61',
  seq: 0,
  sentAt: 1_700_000_000_000,
  sdk: { name: '@tapedeck/core', version: '0.0.0' },
  events: [{ type: 4, timestamp: 1_700_000_000_000, data: { href: 'https://example.com' } }],
});

describe('validateChunk', () => {
  it('accepts a well-formed chunk', () => {
    const result = validateChunk(good());
    expect(result.ok).toBe(true);
  });

  it.each([
    ['not an object', [], 'chunk must be a JSON object'],
    ['missing sessionId', { ...good(), sessionId: undefined }, 'sessionId must be a string'],
    ['id with a slash', { ...good(), windowId: '../etc' }, 'windowId may contain only'],
    ['negative seq', { ...good(), seq: -1 }, 'seq must be a non-negative integer'],
    ['string seq', { ...good(), seq: '1' }, 'seq must be a non-negative integer'],
    ['missing sdk', { ...good(), sdk: null }, 'sdk must be an object'],
    ['events not array', { ...good(), events: {} }, 'events must be an array'],
    ['empty events', { ...good(), events: [] }, 'events must not be empty'],
    [
      'bad event type',
      { ...good(), events: [{ type: 9, timestamp: 1, data: {} }] },
      'events[0].type must be an rrweb event type',
    ],
    [
      'string timestamp',
      { ...good(), events: [good().events[0], { type: 3, timestamp: 'now', data: {} }] },
      'events[1].timestamp must be',
    ],
  ])('rejects %s with a message naming the field', (_name, input, message) => {
    const result = validateChunk(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it('rejects more events than the limit', () => {
    const event = good().events[0];
    const events = Array.from({ length: limits.maxEventsPerChunk + 1 }, () => event);
    const result = validateChunk({ ...good(), events });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(`limit is ${limits.maxEventsPerChunk}`);
  });
});

describe('validateChunk on packed events', () => {
  const chunkWith = (event: Record<string, unknown>) => ({
    sessionId: 's1',
    windowId: 'w1',
    seq: 0,
    sentAt: 1_700_000_000_000,
    sdk: { name: 'core', version: '1' },
    events: [{ timestamp: 1_700_000_000_000, ...event }],
  });
  const snapshot = (data: Record<string, unknown>) => chunkWith({ type: 2, data });
  const mutation = (data: Record<string, unknown>) =>
    chunkWith({ type: 3, data: { source: 0, texts: [], attributes: [], removes: [], ...data } });
  const error = (chunk: unknown) => {
    const result = validateChunk(chunk);
    return result.ok ? null : result.error;
  };

  it('accepts what the recorder packs', () => {
    const node = { type: 0, childNodes: [['html', {}, ['body', { class: 'a' }, 'hi']]], id: 1 };
    expect(error(snapshot({ node, packed: 1 }))).toBeNull();
    const adds = [{ parentId: 1, nextId: null, node: ['p', {}, 'x'] }];
    expect(error(mutation({ adds, packed: 1 }))).toBeNull();
  });

  it.each([
    ['a null node', snapshot({ node: null, packed: 1 }), 'events[0].data.node must be a packed'],
    ['no node', snapshot({ packed: 1 }), 'events[0].data.node must be a packed'],
    [
      'a null child',
      snapshot({ node: { type: 0, id: 1, childNodes: [['html', {}, null]] }, packed: 1 }),
      'events[0].data.node must be a packed',
    ],
    [
      'an element without attributes',
      snapshot({ node: { type: 0, id: 1, childNodes: [['html']] }, packed: 1 }),
      'not [tagName, attributes, ...children]',
    ],
    [
      'an added null node',
      mutation({ adds: [{ parentId: 1, nextId: null, node: null }], packed: 1 }),
      'events[0].data.adds[0].node must be a packed',
    ],
    ['packed: 0', snapshot({ node: { type: 0, id: 1, childNodes: [] }, packed: 0 }), 'must be 1'],
    [
      'a packed mouse move',
      chunkWith({ type: 3, data: { source: 1, positions: [], packed: 1 } }),
      'only for a full snapshot or a mutation',
    ],
  ])('refuses %s, naming where', (_name, chunk, message) => {
    expect(error(chunk)).toContain(message);
  });
});
