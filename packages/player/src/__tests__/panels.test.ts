// @vitest-environment jsdom
import type { RecordedEvent } from '@tapedeck/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NetworkPanel } from '../internal/NetworkPanel.js';
import { Player } from '../Player.js';

const T = 1_700_000_000_000;
const page: RecordedEvent[] = [
  { type: 4, timestamp: T, data: { href: 'http://page.test/', width: 800, height: 600 } },
  {
    type: 2,
    timestamp: T + 1,
    data: {
      node: {
        type: 0,
        id: 1,
        childNodes: [{ type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [] }],
      },
      initialOffset: { top: 0, left: 0 },
    },
  },
  { type: 3, timestamp: T + 10_000, data: { source: 1, positions: [] } },
];
const request = (at: number, url: string, extra: object = {}): RecordedEvent => ({
  type: 6,
  timestamp: T + at,
  data: {
    plugin: 'tapedeck/network@1',
    payload: { requests: [{ method: 'POST', url, status: 200, duration: 500, ...extra }] },
  },
});

describe('the network panel', () => {
  it('lays each request out against the recording and marks the one at the current time', () => {
    const panel = new NetworkPanel();
    panel.add([
      { atMs: 1000, method: 'GET', url: '/a', status: 200, durationMs: 1000 },
      { atMs: 5000, method: 'GET', url: '/b', status: 500, durationMs: 2500 },
    ]);
    panel.at(3000, 10_000);
    const rows = [...panel.element.querySelectorAll('tr')];
    expect(rows.map((r) => r.getAttribute('aria-current'))).toEqual(['true', null]);
    expect(rows[1]!.classList.contains('td-future')).toBe(true);
    expect(rows[1]!.classList.contains('td-network-failed')).toBe(true);
    const bars = [...panel.element.querySelectorAll<HTMLElement>('.td-network-bar')];
    expect(bars.map((b) => [b.style.left, b.style.width])).toEqual([
      ['10%', '10%'],
      ['50%', '25%'],
    ]);
    expect(panel.element.style.getPropertyValue('--td-now')).toBe('30%');
    panel.at(6000);
    expect(rows.map((r) => r.getAttribute('aria-current'))).toEqual([null, 'true']);
  });

  it('opens a request: its headers and bodies when recorded, and says how to record them', () => {
    const panel = new NetworkPanel();
    panel.add([
      {
        atMs: 9000,
        method: 'POST',
        url: 'https://shop.test/api/pay',
        status: 502,
        durationMs: 840,
        requestHeaders: { 'content-type': 'application/json' },
        requestBody: '{"amount":42}',
      },
    ]);
    const detail = panel.element.querySelector<HTMLElement>('.td-network-detail')!;
    expect(detail.hidden).toBe(true);
    panel.element.querySelector<HTMLButtonElement>('.td-network-open')!.click();
    expect(detail.hidden).toBe(false);
    const text = detail.textContent!;
    expect(text).toContain('https://shop.test/api/pay');
    expect(text).toContain('0:09 into the recording');
    expect(text).toContain('840 ms');
    expect(text).toContain('content-type');
    expect(detail.querySelector('pre')!.textContent).toBe('{\n  "amount": 42\n}');
    expect(text).toContain('Not recorded (recordBody');
    detail.querySelector<HTMLButtonElement>('.td-network-close')!.click();
    expect(detail.hidden).toBe(true);
  });
});

describe('a player hosted in an app', () => {
  let player: Player | null = null;
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
  afterEach(() => player?.destroy());

  it('hands out its panels to be placed elsewhere, and takes them away when destroyed', async () => {
    const host = document.createElement('div');
    const inspector = document.createElement('div');
    document.body.append(host, inspector);
    player = new Player(host);
    player.addEvents([...page, request(2000, 'https://shop.test/api/cart', { requestBody: 'x' })]);
    await Promise.resolve();
    inspector.append(player.panels.network);
    expect(inspector.querySelector('.td-network-open')?.textContent).toBe(
      'https://shop.test/api/cart',
    );
    player.destroy();
    player = null;
    expect(inspector.children.length).toBe(0);
  });

  it('changes speed and skipping like the controls, and rejects a speed the menu lacks', async () => {
    player = new Player(document.createElement('div'), { speed: 2 });
    expect(player.config).toEqual({ speed: 2, skipInactive: true });
    player.setConfig({ speed: 8, skipInactive: false });
    expect(player.config).toEqual({ speed: 8, skipInactive: false });
    const root = player.panels.console.parentElement!;
    expect(root.querySelector<HTMLSelectElement>('.td-player-speed')!.value).toBe('8');
    expect(root.querySelector<HTMLInputElement>('.td-player-skip')!.checked).toBe(false);
    expect(() => player!.setConfig({ speed: 3 })).toThrow(/speed must be one of/);
  });
});
