// @vitest-environment jsdom
import type { RecordedEvent } from '@tapedeck/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventTimes } from '../internal/EventTimes.js';
import { windowAt } from '../internal/windowAt.js';
import { Player } from '../Player.js';
import { parseNdjson } from '../streamSession.js';

const T = 1_700_000_000_000;
const node = (id: number, tagName: string, childNodes: object[] = []) => ({
  type: 2,
  id,
  tagName,
  attributes: {},
  childNodes,
});
/** A tab opened at `at` showing `text`, with the user acting in it at `acts` (ms from T). */
function tab(at: number, text: string, acts: number[]): RecordedEvent[] {
  return [
    {
      type: 4,
      timestamp: T + at,
      data: { href: `http://page.test/${text}`, width: 800, height: 600 },
    },
    {
      type: 2,
      timestamp: T + at + 1,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            node(2, 'html', [
              node(3, 'head'),
              node(4, 'body', [node(5, 'p', [{ type: 3, id: 6, textContent: text }])]),
            ]),
          ],
        },
        initialOffset: { top: 0, left: 0 },
      },
    },
    ...acts.map(
      (t): RecordedEvent => ({
        type: 3,
        timestamp: T + t,
        data: { source: 2, type: 2, id: 5, x: 10, y: 10 },
      }),
    ),
  ];
}
/** Tab 1 from 0 (acts at 100 and 4000), tab 2 from 1000 (acts at 2000), both until 5000. */
const one = tab(0, 'first tab', [100, 4000]);
const two = tab(1000, 'second tab', [2000]);
const end = (t: number): RecordedEvent => ({
  type: 3,
  timestamp: T + t,
  data: { source: 0, texts: [], attributes: [], removes: [], adds: [] },
});

describe('a recording of two windows', () => {
  const containers: HTMLElement[] = [];
  beforeAll(() => {
    globalThis.ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
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
  const open = () => {
    const container = document.createElement('div');
    document.body.append(container);
    containers.push(container);
    const player = new Player(container, { skipInactive: false });
    player.addEvents([...one, end(5000)], 'w1');
    player.addEvents([...two, end(5000)], 'w2');
    return { player, container };
  };
  /** The text of the frame on screen: the only `.replayer-wrapper`. */
  const onScreen = (container: HTMLElement) => {
    const wrappers = container.querySelectorAll('.replayer-wrapper');
    expect(wrappers).toHaveLength(1);
    return wrappers[0]!.querySelector('iframe')?.contentDocument?.body?.textContent;
  };

  it('shows the window the user acted in last, each from its own snapshot', async () => {
    const { player, container } = open();
    await Promise.resolve();
    expect(player.getSnapshot().duration).toBe(5000);
    expect(player.windows).toEqual([
      { id: 'w1', label: 'Tab 1', startMs: 0, endMs: 5000 },
      { id: 'w2', label: 'Tab 2', startMs: 1000, endMs: 5000 },
    ]);
    const at = (ms: number) => {
      player.seek(ms);
      return [player.currentWindowId, onScreen(container)];
    };
    expect(at(50)).toEqual(['w1', 'first tab']);
    // Tab 2 opened, but the user has not acted in it yet.
    expect(at(1500)).toEqual(['w1', 'first tab']);
    expect(at(2000)).toEqual(['w2', 'second tab']);
    expect(at(3999)).toEqual(['w2', 'second tab']);
    expect(at(4000)).toEqual(['w1', 'first tab']);
    expect(at(2500)).toEqual(['w2', 'second tab']);
  });

  it('keeps a picked window on screen until asked to follow the user again', () => {
    const { player, container } = open();
    player.seek(4500);
    player.showWindow('w2');
    expect(player.getSnapshot()).toMatchObject({ windowId: 'w2', followsActivity: false });
    expect(onScreen(container)).toBe('second tab');
    player.seek(100);
    // Before it opened: its first frame.
    expect(player.currentWindowId).toBe('w2');
    player.showWindow(null);
    expect(player.getSnapshot()).toMatchObject({ windowId: 'w1', followsActivity: true });
    expect(() => player.showWindow('nope')).toThrow(/No window nope/);
  });

  it('says which window is on screen and offers each, a lane per window on the timeline', () => {
    const { player, container } = open();
    player.seek(2500);
    const buttons = [...container.querySelectorAll<HTMLButtonElement>('[data-window-id]')];
    expect(buttons.map((b) => [b.dataset.windowId, b.textContent])).toEqual([
      ['w1', 'Tab 1'],
      ['w2', 'Tab 2'],
    ]);
    expect(container.querySelector('[aria-current="true"]')?.getAttribute('data-window-id')).toBe(
      'w2',
    );
    expect(container.querySelector('.td-player-window-label')?.textContent).toBe('Tab 2 of 2');
    expect(container.querySelectorAll('.td-player-lane')).toHaveLength(2);
    buttons[0]!.click();
    expect(player.getSnapshot()).toMatchObject({ windowId: 'w1', followsActivity: false });
    container.querySelector<HTMLButtonElement>('.td-player-window-follow')!.click();
    expect(player.getSnapshot()).toMatchObject({ windowId: 'w2', followsActivity: true });
  });

  it('leaves its picker out for a page that has its own', () => {
    const container = document.createElement('div');
    document.body.append(container);
    containers.push(container);
    const player = new Player(container, { skipInactive: false, windowPicker: false });
    player.addEvents([...one, end(5000)], 'w1');
    player.addEvents([...two, end(5000)], 'w2');
    expect(player.windows).toHaveLength(2);
    expect(container.querySelector<HTMLElement>('.td-player-windows')?.hidden).toBe(true);
    expect(container.querySelectorAll('[data-window-id]')).toHaveLength(0);
    expect(container.querySelectorAll('.td-player-lane')).toHaveLength(2);
  });

  it('a recording of one window shows no window controls', () => {
    const container = document.createElement('div');
    document.body.append(container);
    containers.push(container);
    const player = new Player(container, { skipInactive: false });
    player.addEvents([...one, end(5000)]);
    expect(player.windows).toHaveLength(1);
    expect(container.querySelector<HTMLElement>('.td-player-windows')?.hidden).toBe(true);
    expect(container.querySelectorAll('.td-player-lane')).toHaveLength(0);
  });
});

describe('windowAt', () => {
  const w = (start: number, end: number, acts: number[]) => {
    const activity = new EventTimes();
    activity.add(acts.map((timestamp) => ({ type: 3, timestamp, data: {} })));
    return { start, end, activity };
  };

  it('shows the first window until anyone acts, then the one acted in last', () => {
    const a = w(0, 100, [50]);
    const b = w(10, 100, [30, 70]);
    expect(windowAt([a, b], 20)).toBe(a);
    expect(windowAt([a, b], 30)).toBe(b);
    expect(windowAt([a, b], 60)).toBe(a);
    expect(windowAt([a, b], 99)).toBe(b);
  });

  it('moves on from a window whose recording has ended', () => {
    const a = w(0, 50, [40]);
    const b = w(10, 100, [20]);
    expect(windowAt([a, b], 45)).toBe(a);
    expect(windowAt([a, b], 51)).toBe(b);
  });
});

describe('parseNdjson', () => {
  it('tags each batch with its window', async () => {
    const text = `${JSON.stringify({ windowId: 'a', events: [] })}\n${JSON.stringify({ events: [] })}\n`;
    const body = new Response(text).body!;
    const out = [];
    for await (const events of parseNdjson(body)) out.push(events.windowId);
    expect(out).toEqual(['a', undefined]);
  });
});
