import { describe, expect, it } from 'vitest';
import { packEvents, unpackEvent, unpackEvents } from '../packEvents.js';

const text = (id: number, textContent: string) => ({ type: 3, textContent, id });
const el = (id: number, tagName: string, childNodes: unknown[], attributes = {}) => ({
  type: 2,
  tagName,
  attributes,
  childNodes,
  id,
});

const full = () => ({
  type: 2,
  timestamp: 5,
  data: {
    node: {
      type: 0,
      childNodes: [
        { type: 1, name: 'html', publicId: '', systemId: '', id: 2 },
        el(3, 'html', [
          el(4, 'head', [text(5, '\n  '), el(6, 'style', [text(7, '')], { _cssText: 'a{}' })]),
          // ids out of order, an SVG element and a node with a rootId keep what they have
          el(20, 'body', [
            { ...el(9, 'svg', [], { width: '1' }), isSVG: true },
            { type: 5, textContent: 'note', id: 10, rootId: 1 },
            text(11, 'Customer 1'),
          ]),
        ]),
      ],
      id: 1,
    },
    initialOffset: { left: 0, top: 0 },
  },
});

const mutation = () => ({
  type: 3,
  timestamp: 6,
  data: {
    source: 0,
    texts: [{ id: 11, value: 'x' }],
    attributes: [{ id: 9, attributes: { class: 'hot' } }],
    removes: [{ parentId: 20, id: 11 }],
    adds: [
      { parentId: 20, nextId: null, node: text(30, 'paid') },
      { parentId: 20, nextId: 30, node: text(31, '') },
      { parentId: 4, nextId: null, node: el(32, 'td', []) },
      { parentId: 4, nextId: null, node: el(40, 'td', [], { 'data-x': '1' }) },
    ],
  },
});

describe('packEvents', () => {
  it('gives back exactly the events it packed', () => {
    const events = [full(), mutation(), { type: 3, timestamp: 7, data: { source: 1 } }];
    packEvents(events);
    const wire = JSON.parse(JSON.stringify(events));
    expect(wire[0].data.packed).toBe(1);
    expect(wire[1].data.packed).toBe(1);
    expect(wire[2].data.packed).toBeUndefined();
    expect(unpackEvents(wire)).toEqual([
      full(),
      mutation(),
      { type: 3, timestamp: 7, data: { source: 1 } },
    ]);
  });

  it('leaves out ids implied by document order and spells nodes short', () => {
    const [event] = [full()];
    packEvents([event]);
    const json = JSON.stringify(event);
    expect(json).toContain('["head",{},"\\n  ",["style",{"_cssText":"a{}"},""]]');
    // the root keeps its id (the heatmap summary reads it); out-of-order ids are kept
    expect((event.data.node as { id: number }).id).toBe(1);
    expect(json).toContain('"id":20');
    expect(json).toContain('"isSVG":true');
    expect(json.length).toBeLessThan(JSON.stringify(full()).length * 0.75);
  });

  it('does not pack twice and leaves plain rrweb events alone on unpack', () => {
    const events = [full()];
    packEvents(events);
    const once = JSON.stringify(events);
    packEvents(events);
    expect(JSON.stringify(events)).toBe(once);
    expect(unpackEvent(full())).toEqual(full());
  });

  it('runs from its own source text, as the compression worker runs it', () => {
    const standalone = new Function(`return ${packEvents.toString()}`)() as typeof packEvents;
    const events = [full(), mutation()];
    standalone(events);
    expect(unpackEvents(JSON.parse(JSON.stringify(events)))).toEqual([full(), mutation()]);
  });
});

describe('unpackEvent on pages nested deep', () => {
  it('expands a tree 20,000 elements deep without exhausting the stack', () => {
    const depth = 20_000;
    let packed: unknown[] = ['b', {}, 'end'];
    for (let d = 0; d < depth; d++) packed = ['div', {}, packed];
    const event = { type: 2, data: { node: { type: 0, childNodes: [packed], id: 1 }, packed: 1 } };
    const node = unpackEvent(event).data.node as Record<string, unknown>;
    let levels = 0;
    let at = (node.childNodes as Record<string, unknown>[])[0]!;
    while (at.type === 2) {
      expect(at.id).toBe(levels + 2);
      at = (at.childNodes as Record<string, unknown>[])[0]!;
      levels++;
    }
    expect(levels).toBe(depth + 1);
    expect(at).toEqual({ type: 3, textContent: 'end', id: depth + 3 });
  });

  it('leaves out packed nodes of no known form instead of throwing', () => {
    const event = {
      type: 2,
      data: { node: { type: 0, childNodes: [['p', {}, null, 'a', 7]], id: 1 }, packed: 1 },
    };
    expect(unpackEvent(event).data).toEqual({
      node: { type: 0, id: 1, childNodes: [el(2, 'p', [text(3, 'a')])] },
    });
  });
});
