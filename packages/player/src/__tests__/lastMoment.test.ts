// @vitest-environment jsdom
import type { RecordedEvent } from '@tapedeck/protocol';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Player } from '../Player.js';

const T = 1_700_000_000_000;
const node = (id: number, tagName: string, childNodes: object[] = []) => ({
  type: 2,
  id,
  tagName,
  attributes: {},
  childNodes,
});
/** A page with an empty list; one item at +1 s, and the last two at the recording's end. */
const recording: RecordedEvent[] = [
  { type: 4, timestamp: T, data: { href: 'http://page.test/', width: 800, height: 600 } },
  {
    type: 2,
    timestamp: T + 1,
    data: {
      node: {
        type: 0,
        id: 1,
        childNodes: [node(2, 'html', [node(3, 'head'), node(4, 'body', [node(5, 'ul')])])],
      },
      initialOffset: { top: 0, left: 0 },
    },
  },
  ...[1000, 2000, 2000].map(
    (offset, i): RecordedEvent => ({
      type: 3,
      timestamp: T + offset,
      data: {
        source: 0,
        texts: [],
        attributes: [],
        removes: [],
        // rrweb adds each node on its own, a child after its parent.
        adds: [
          { parentId: 5, nextId: null, node: node(10 + i, 'li') },
          {
            parentId: 10 + i,
            nextId: null,
            node: { type: 3, id: 20 + i, textContent: `item ${i}` },
          },
        ],
      },
    }),
  ),
];

const items = (container: HTMLElement) => {
  const frame = container.querySelector('iframe');
  return [...(frame?.contentDocument?.querySelectorAll('li') ?? [])].map((li) => li.textContent);
};

describe('the last moment of a recording', () => {
  const containers: HTMLElement[] = [];
  beforeAll(() => {
    // jsdom has no ResizeObserver; the player only uses it to fit the replay in its box.
    globalThis.ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
    // Nor an iframe's `sandbox` token list, which rrweb checks before it rebuilds a page.
    if (!('sandbox' in HTMLIFrameElement.prototype))
      Object.defineProperty(HTMLIFrameElement.prototype, 'sandbox', {
        get(this: HTMLIFrameElement) {
          return (this.getAttribute('sandbox') ?? '').split(/\s+/).filter(Boolean);
        },
      });
  });
  afterEach(() => {
    for (const container of containers.splice(0)) container.remove();
  });
  const open = (startAt?: number) => {
    const container = document.createElement('div');
    document.body.append(container);
    containers.push(container);
    const player = new Player(container, { skipInactive: false, startAt });
    player.addEvents(recording);
    return { player, container };
  };

  it('seeking to the end shows every event, those at the very last moment included', async () => {
    const { player, container } = open();
    await Promise.resolve();
    expect(player.getSnapshot().duration).toBe(2000);
    player.seek(999);
    expect(items(container)).toEqual([]);
    player.seek(1000);
    expect(items(container)).toEqual(['item 0']);
    player.seek(player.getSnapshot().duration);
    expect(items(container)).toEqual(['item 0', 'item 1', 'item 2']);
    // Past the end is the end; back again undoes the last two.
    player.seek(60_000);
    expect(items(container)).toEqual(['item 0', 'item 1', 'item 2']);
    player.seek(1500);
    expect(items(container)).toEqual(['item 0']);
  });

  it('a player opened at the last moment shows it whole', () => {
    vi.useFakeTimers();
    const { player, container } = open(2000);
    // rrweb says "finish" 50 ms after the last event is applied, played or not.
    vi.advanceTimersByTime(100);
    vi.useRealTimers();
    // Shown, not finished: pressing play there must not start over from the beginning.
    expect(player.getSnapshot()).toMatchObject({ status: 'paused', currentTime: 2000 });
    expect(items(container)).toEqual(['item 0', 'item 1', 'item 2']);
  });

  it('a player opened at a moment shows it once the recording up to it has streamed in', () => {
    const container = document.createElement('div');
    document.body.append(container);
    containers.push(container);
    const player = new Player(container, { skipInactive: false, startAt: 2000 });
    player.addEvents(recording.slice(0, 3));
    // Not built on a part that stops short of the moment: the moment is what was asked for.
    expect(player.getSnapshot().status).toBe('loading');
    player.addEvents(recording.slice(3));
    expect(player.getSnapshot()).toMatchObject({ status: 'paused', currentTime: 2000 });
    expect(items(container)).toEqual(['item 0', 'item 1', 'item 2']);
  });

  it('a seek made while the recording streams in is where it opens', () => {
    const container = document.createElement('div');
    document.body.append(container);
    containers.push(container);
    const player = new Player(container, { skipInactive: false });
    player.seek(2000);
    player.addEvents(recording.slice(0, 3));
    expect(player.getSnapshot().status).toBe('loading');
    player.addEvents(recording.slice(3));
    expect(player.getSnapshot()).toMatchObject({ status: 'paused', currentTime: 2000 });
    expect(items(container)).toEqual(['item 0', 'item 1', 'item 2']);
  });

  it('a player opened at a moment shows the events of that very millisecond', () => {
    const { container } = open(1000);
    expect(items(container)).toEqual(['item 0']);
  });
});
