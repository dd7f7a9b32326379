// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../internal/resolveConfig.js';
import { nameClickTarget } from '../lazy/nameClickTarget.js';
import { Privacy } from '../lazy/privacy.js';

const privacy = new Privacy(resolveConfig({ host: 'http://x', token: 't' }));
const click = (id: number, type = 2) => ({
  type: 3,
  timestamp: 1,
  data: { source: 2, type, id, x: 1, y: 2 } as Record<string, unknown>,
});

describe('nameClickTarget', () => {
  document.body.innerHTML = `<main id="app"><div class="plans"><button class="buy td-mask">
    Secret plan</button></div><div class="td-block"><button id="hidden">x</button></div></main>`;
  const nodes = new Map<number, Node>([
    [1, document.querySelector('.buy')!],
    [2, document.querySelector('#hidden')!],
    [3, document.querySelector('.buy')!.firstChild!],
  ]);
  const nodeOf = (id: number) => nodes.get(id) ?? null;

  it('names a clicked element by selector, never by text', () => {
    const event = click(1);
    nameClickTarget(event as never, nodeOf, privacy);
    expect(event.data.selector).toBe('main#app > div.plans > button.buy');
    expect(JSON.stringify(event)).not.toContain('Secret');
  });

  it('names the blocked element, not what is inside it', () => {
    const event = click(2);
    nameClickTarget(event as never, nodeOf, privacy);
    expect(event.data.selector).toBe('main#app > div');
  });

  it('leaves other mouse interactions, text nodes and unknown nodes alone', () => {
    for (const event of [click(1, 1), click(3), click(99)]) {
      nameClickTarget(event as never, nodeOf, privacy);
      expect(event.data.selector).toBeUndefined();
    }
  });
});
