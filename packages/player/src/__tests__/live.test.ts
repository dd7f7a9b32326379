// @vitest-environment jsdom
import type { RecordedEvent } from '@tapedeck/protocol';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Player } from '../Player.js';
import type { SourceLink } from '../types.js';

// A recording still being made: events keep coming while it is watched. Following live, the
// player stays at the newest moment; taken back, it stays where it was put; "go live"
// returns to the edge. Each window still replays from its own snapshot.
const T = 1_700_000_000_000;
const node = (id: number, tagName: string, childNodes: object[] = []) => ({
  type: 2,
  id,
  tagName,
  attributes: {},
  childNodes,
});
function opened(at: number, text: string): RecordedEvent[] {
  return [
    { type: 4, timestamp: T + at, data: { href: 'http://page.test/', width: 800, height: 600 } },
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
  ];
}
/** The user clicks at `at` and the text becomes `text`. */
const typed = (at: number, text: string): RecordedEvent[] => [
  { type: 3, timestamp: T + at, data: { source: 2, type: 2, id: 5, x: 10, y: 10 } },
  {
    type: 3,
    timestamp: T + at + 1,
    data: { source: 0, texts: [{ id: 6, value: text }], attributes: [], removes: [], adds: [] },
  },
];
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a recording watched live', () => {
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
  const open = (options: { live?: boolean } = {}) => {
    const container = document.createElement('div');
    document.body.append(container);
    containers.push(container);
    return { player: new Player(container, { skipInactive: false, ...options }), container };
  };
  const onScreen = (container: HTMLElement) =>
    container.querySelector('.replayer-wrapper iframe') instanceof HTMLIFrameElement
      ? (container.querySelector('.replayer-wrapper iframe') as HTMLIFrameElement).contentDocument
          ?.body?.textContent
      : undefined;

  it('opened live, stays at the newest moment as events come in', async () => {
    const { player, container } = open({ live: true });
    player.addEvents([...opened(0, 'empty basket'), ...typed(1000, 'one item')], 'w1');
    await settle();
    expect(player.getSnapshot()).toMatchObject({ live: true, currentTime: 1001 });
    expect(onScreen(container)).toBe('one item');
    player.addEvents(typed(3000, 'two items'), 'w1');
    await settle();
    expect(player.getSnapshot()).toMatchObject({ live: true, duration: 3001, currentTime: 3001 });
    expect(onScreen(container)).toBe('two items');
  });

  it('scrubbed back, stays put as events come in; going live returns to the edge', async () => {
    const { player, container } = open({ live: true });
    player.addEvents([...opened(0, 'empty basket'), ...typed(1000, 'one item')], 'w1');
    player.addEvents(typed(3000, 'two items'), 'w1');
    await settle();
    player.pause();
    player.seek(500);
    expect(player.getSnapshot()).toMatchObject({ live: false, currentTime: 500 });
    expect(onScreen(container)).toBe('empty basket');
    player.addEvents(typed(5000, 'three items'), 'w1');
    await settle();
    expect(player.getSnapshot()).toMatchObject({ live: false, currentTime: 500, duration: 5001 });
    expect(onScreen(container)).toBe('empty basket');
    player.goLive();
    expect(player.getSnapshot()).toMatchObject({ live: true, currentTime: 5001 });
    expect(onScreen(container)).toBe('three items');
    player.addEvents(typed(6000, 'four items'), 'w1');
    await settle();
    expect(player.getSnapshot()).toMatchObject({ live: true, currentTime: 6001 });
    expect(onScreen(container)).toBe('four items');
  });

  it('going live before the first frame opens at the edge', async () => {
    const { player, container } = open();
    player.goLive();
    player.addEvents([...opened(0, 'empty basket'), ...typed(2000, 'one item')], 'w1');
    await settle();
    expect(player.getSnapshot()).toMatchObject({ live: true, currentTime: 2001 });
    expect(onScreen(container)).toBe('one item');
  });

  it('live across windows: on screen is the window the user acts in now', async () => {
    const { player, container } = open({ live: true });
    player.addEvents([...opened(0, 'first tab'), ...typed(100, 'first tab')], 'w1');
    await settle();
    player.addEvents([...opened(1000, 'second tab'), ...typed(2000, 'second tab, typed')], 'w2');
    await settle();
    expect(player.getSnapshot()).toMatchObject({ live: true, windowId: 'w2', currentTime: 2001 });
    expect(onScreen(container)).toBe('second tab, typed');
    player.addEvents(typed(4000, 'first tab, typed'), 'w1');
    await settle();
    expect(player.getSnapshot()).toMatchObject({ live: true, windowId: 'w1', currentTime: 4001 });
    expect(onScreen(container)).toBe('first tab, typed');
  });

  it('a recording not opened live is not live until asked', async () => {
    const { player } = open();
    player.addEvents([...opened(0, 'empty basket'), ...typed(1000, 'one item')], 'w1');
    await settle();
    expect(player.getSnapshot()).toMatchObject({ live: false, currentTime: 0 });
  });
  it('says while its source reconnects, and shows the error the source gives up with', async () => {
    const { player, container } = open({ live: true });
    const seen: boolean[] = [];
    player.subscribe((state) => seen.push(state.reconnecting));
    let resume = () => {};
    const loaded = player.load((link: SourceLink) =>
      (async function* () {
        yield [...opened(0, 'empty basket'), ...typed(1000, 'one item')];
        link.reconnecting(true);
        await new Promise<void>((resolve) => {
          resume = resolve;
        });
        link.reconnecting(false);
        yield typed(3000, 'two items');
        throw new Error('Lost the connection: reload the page to keep watching.');
      })(),
    );
    await vi.waitFor(() => expect(player.getSnapshot().reconnecting).toBe(true));
    expect(onScreen(container)).toBe('one item');
    resume();
    await loaded;
    expect(player.getSnapshot()).toMatchObject({
      status: 'error',
      error: 'Lost the connection: reload the page to keep watching.',
      reconnecting: false,
      duration: 3001,
    });
    expect(onScreen(container)).toBe('two items');
    expect(seen.filter((on, i) => on !== seen[i - 1])).toEqual([false, true, false]);
  });

  it('stops the source it loads when destroyed', async () => {
    const { player } = open({ live: true });
    let signal: AbortSignal | undefined;
    let added = 0;
    const loaded = player.load((link: SourceLink) =>
      (async function* () {
        signal = link.signal;
        yield opened(0, 'empty basket');
        added += 1;
        await new Promise((resolve) => link.signal.addEventListener('abort', resolve));
        yield typed(1000, 'after it was destroyed');
        added += 1;
      })(),
    );
    await vi.waitFor(() => expect(added).toBe(1));
    player.destroy();
    await loaded;
    expect(signal?.aborted).toBe(true);
    expect(added).toBe(1);
  });
});
