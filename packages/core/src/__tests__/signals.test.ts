import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../internal/resolveConfig.js';
import { ClickSignals } from '../lazy/clickSignals.js';
import { MouseThrashing } from '../lazy/mouseThrashing.js';
import { MutationGuard } from '../lazy/mutationGuard.js';
import { Privacy } from '../lazy/privacy.js';
import { UTurns } from '../lazy/uTurns.js';

const privacy = new Privacy(resolveConfig({ host: 'http://x', token: 't' }));
const click = (target: Element, x = 10, y = 10) =>
  ({ target, clientX: x, clientY: y }) as unknown as MouseEvent;

describe('UX signals', () => {
  let emitted: [string, Record<string, unknown>][];
  const emit = (tag: string, payload: Record<string, unknown>) => emitted.push([tag, payload]);

  beforeEach(() => {
    emitted = [];
    vi.useFakeTimers();
    document.body.innerHTML =
      '<button id="buy" class="btn primary">Buy now</button><a id="link" href="/x">Go</a><p class="td-mask" id="secret">Card 4242</p>';
  });

  afterEach(() => vi.useRealTimers());

  const el = (id: string) => document.getElementById(id)!;

  it('calls three quick clicks in one place a rage click, with selector and text', () => {
    const signals = new ClickSignals(emit, privacy);
    signals.click(click(el('buy')), 0);
    signals.click(click(el('buy'), 15, 12), 600);
    signals.click(click(el('buy'), 12, 20), 1200);
    signals.click(click(el('buy')), 1500); // same burst: reported once
    const rage = emitted.filter(([tag]) => tag === '$rageclick');
    expect(rage).toEqual([['$rageclick', { selector: 'button#buy', text: 'Buy now', clicks: 3 }]]);
  });

  it('does not call slow or scattered clicks rage clicks', () => {
    const signals = new ClickSignals(emit, privacy);
    signals.click(click(el('buy')), 0);
    signals.click(click(el('buy')), 1100); // too slow
    signals.click(click(el('buy'), 100, 100), 1500); // too far
    expect(emitted.filter(([tag]) => tag === '$rageclick')).toEqual([]);
  });

  it('calls a click with no effect in 2.5 s a dead click, leaving out masked text', () => {
    const signals = new ClickSignals(emit, privacy);
    signals.click(click(el('secret')), Date.now());
    vi.advanceTimersByTime(2500);
    expect(emitted).toEqual([['$dead_click', { selector: 'p#secret', text: '' }]]);
  });

  it('does not call a click dead when the DOM changes, the page scrolls or navigates, or on a link', () => {
    const signals = new ClickSignals(emit, privacy);
    const now = Date.now();
    signals.click(click(el('buy')), now);
    signals.mutation(now + 2000);
    signals.click(click(el('buy'), 300, 300), now + 3000);
    signals.scrollOrSelection(now + 3050);
    signals.click(click(el('buy'), 600, 600), now + 4000);
    signals.navigation();
    signals.click(click(el('link')), now + 5000);
    vi.advanceTimersByTime(10_000);
    expect(emitted.filter(([tag]) => tag === '$dead_click')).toEqual([]);
  });

  it('counts a scroll after 100 ms as no effect', () => {
    const signals = new ClickSignals(emit, privacy);
    const now = Date.now();
    signals.click(click(el('buy')), now);
    signals.scrollOrSelection(now + 500);
    vi.advanceTimersByTime(2500);
    expect(emitted.map(([tag]) => tag)).toEqual(['$dead_click']);
  });

  it('detects mouse thrashing from rapid direction reversals, not from calm movement', () => {
    const thrash = new MouseThrashing(emit);
    for (let i = 0; i < 10; i++) thrash.move(i * 40, i * 300); // steady, one direction
    expect(emitted).toEqual([]);
    for (let i = 0; i < 8; i++) thrash.move(i % 2 ? 0 : 200, 10_000 + i * 100);
    expect(emitted.map(([tag]) => tag)).toEqual(['$mouse_thrashing']);
  });

  it('detects a U-turn: back to the previous page within 3 s', () => {
    sessionStorage.clear();
    const turns = new UTurns(emit);
    turns.pageview('https://shop/list', 0);
    turns.pageview('https://shop/item', 10_000);
    turns.pageview('https://shop/list', 11_500);
    expect(emitted).toEqual([
      ['$u_turn', { from: 'https://shop/item', to: 'https://shop/list', durationMs: 1500 }],
    ]);
    turns.pageview('https://shop/item', 20_000);
    turns.pageview('https://shop/list', 30_000); // stayed 10 s: not a U-turn
    expect(emitted).toHaveLength(1);
  });
});

describe('MutationGuard', () => {
  const mutation = (timestamp: number, attributes: number[], adds = 0) => ({
    type: 3,
    timestamp,
    data: {
      source: 0,
      adds: Array.from({ length: adds }, () => ({})),
      removes: [],
      texts: [],
      attributes: attributes.map((id) => ({ id, attributes: { style: 'x' } })),
    },
  });

  it('throttles a node that changes too fast, keeping the others and every add', () => {
    const guard = new MutationGuard(() => {});
    let kept = 0;
    for (let i = 0; i < 300; i++) if (guard.filter(mutation(1000, [7]))) kept++;
    expect(kept).toBe(100); // the burst budget
    const mixed = guard.filter(mutation(1000, [7, 8], 1))!;
    expect(mixed.data).toMatchObject({ attributes: [{ id: 8 }] });
    expect((mixed.data as { adds: unknown[] }).adds).toHaveLength(1);
    // After a second, the node has 10 more changes.
    let later = 0;
    for (let i = 0; i < 50; i++) if (guard.filter(mutation(2000, [7]))) later++;
    expect(later).toBe(10);
  });

  it('forgets nodes whose budget has refilled, so a busy page does not grow it', () => {
    const guard = new MutationGuard(() => {});
    // A page that replaces its text every tick: a new node id each time.
    for (let id = 0; id < 5000; id++) guard.filter(mutation(1000 + id, [id]));
    for (let i = 0; i < 300; i++) guard.filter(mutation(7000, [99_999])); // one hot node
    expect(guard.tracked).toBe(1);
    expect(guard.filter(mutation(7001, [99_999]))).toBeNull(); // its budget is still spent
  });

  it('reports a storm past the hard limit', () => {
    const storms: number[] = [];
    const guard = new MutationGuard((n) => storms.push(n));
    for (let second = 0; second < 4; second++)
      for (let i = 0; i < 20; i++) guard.filter(mutation(second * 1000 + i, [], 600));
    expect(storms.length).toBeGreaterThan(0);
    expect(storms[0]).toBe(12_000);
  });
});
