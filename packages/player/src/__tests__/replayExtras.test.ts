// @vitest-environment jsdom
import type { RecordedEvent } from '@tapedeck/protocol';
import { describe, expect, it } from 'vitest';
import { CanvasFrames } from '../internal/CanvasFrames.js';
import { customElementsAt, customElementsIn } from '../internal/customElements.js';

const snapshot = (timestamp: number, childNodes: object[]): RecordedEvent => ({
  type: 2,
  timestamp,
  data: { node: { type: 0, id: 1, childNodes } },
});
const frame = (timestamp: number, id: number, base64: string): RecordedEvent => ({
  type: 3,
  timestamp,
  data: {
    source: 9,
    id,
    type: 0,
    commands: [
      { property: 'clearRect', args: [0, 0, 10, 10] },
      {
        property: 'drawImage',
        args: [
          {
            rr_type: 'ImageBitmap',
            args: [
              { rr_type: 'Blob', data: [{ rr_type: 'ArrayBuffer', base64 }], type: 'image/webp' },
            ],
          },
          0,
          0,
          10,
          10,
        ],
      },
    ],
  },
});

describe('canvas frames', () => {
  it('shows each canvas as its last image before the moment, as fallback content', () => {
    const frames = new CanvasFrames();
    frames.add([
      snapshot(1000, [
        {
          type: 2,
          id: 7,
          tagName: 'canvas',
          attributes: { rr_dataURL: 'data:image/webp;base64,AAA' },
          childNodes: [],
        },
      ]),
      frame(2000, 7, 'BBB'),
      frame(3000, 7, 'CCC'),
    ]);
    const canvas = document.createElement('canvas');
    canvas.width = 240;
    canvas.height = 90;
    const nodeOf = (id: number) => (id === 7 ? canvas : null);
    const shown = () => canvas.querySelector('img')?.getAttribute('src');

    frames.apply(nodeOf, 1500);
    expect(shown()).toBe('data:image/webp;base64,AAA');
    frames.apply(nodeOf, 2999);
    expect(shown()).toBe('data:image/webp;base64,BBB');
    frames.apply(nodeOf, 5000);
    expect(shown()).toBe('data:image/webp;base64,CCC');
    // Back again: the same image element, the earlier picture.
    frames.apply(nodeOf, 1500);
    expect(canvas.querySelectorAll('img')).toHaveLength(1);
    expect(shown()).toBe('data:image/webp;base64,AAA');
    expect(canvas.querySelector('img')?.width).toBe(240);
  });

  it('leaves a canvas with no recorded image, and other elements, alone', () => {
    const frames = new CanvasFrames();
    frames.add([frame(2000, 7, 'BBB')]);
    const div = document.createElement('div');
    frames.apply(() => div, 5000);
    frames.apply(() => null, 5000);
    expect(div.children).toHaveLength(0);
  });
});

describe('custom elements over time', () => {
  const card = (id: number, isCustom: boolean) => ({
    type: 2,
    id,
    tagName: 'late-card',
    attributes: {},
    childNodes: [],
    isCustom,
  });
  const events: RecordedEvent[] = [
    snapshot(1000, [card(5, false)]),
    snapshot(2000, [card(5, true)]),
    {
      type: 3,
      timestamp: 2500,
      data: { source: 0, adds: [{ node: { ...card(9, true), tagName: 'other-card' } }] },
    },
  ];

  it('knows which were defined at each moment', () => {
    expect([...customElementsIn(events)].sort()).toEqual(['late-card', 'other-card']);
    expect([...customElementsAt(events, 1500)]).toEqual([]);
    expect([...customElementsAt(events, 2200)]).toEqual(['late-card']);
    expect([...customElementsAt(events, 3000)].sort()).toEqual(['late-card', 'other-card']);
  });
});
