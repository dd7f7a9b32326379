import { beforeEach, describe, expect, it, vi } from 'vitest';

type Report = (metric: Record<string, unknown>) => void;
type Options = { generateTarget?: (node: Node | null) => string | undefined };
const registered: Record<string, { report: Report; options?: Options }> = {};
vi.mock('web-vitals/attribution', () => {
  const on = (name: string) => (report: Report, options?: Options) => {
    registered[name] = { report, ...(options ? { options } : {}) };
  };
  return {
    onLCP: on('LCP'),
    onINP: on('INP'),
    onCLS: on('CLS'),
    onFCP: on('FCP'),
    onTTFB: on('TTFB'),
  };
});

const { resolveConfig } = await import('../internal/resolveConfig.js');
const { Privacy } = await import('../lazy/privacy.js');
const { UrlBlock } = await import('../lazy/UrlBlock.js');
const { captureWebVitals } = await import('../lazy/webVitals.js');
const { vitalsSink } = await import('../lazy/vitalsSink.js');

const privacy = new Privacy(
  resolveConfig({ host: 'http://x', token: 't', maskUrl: (url) => url.replace('alice', '[user]') }),
);
const metric = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  value: 4321.12345,
  rating: 'poor',
  id: `v6-${name}`,
  navigationType: 'navigate',
  navigationURL: 'https://shop.example/u/alice?token=abc',
  attribution: {},
  ...extra,
});

describe('Web Vitals capture', () => {
  let sent: [string, Record<string, unknown>][];
  let stop: () => void;
  const start = (blocklist: string[] = []) => {
    const block = new UrlBlock(blocklist, location.href, () => {});
    const custom = (tag: string, payload: unknown) =>
      sent.push([tag, payload as Record<string, unknown>]);
    const pipeline = { handOff: vi.fn() } as never;
    stop = captureWebVitals(vitalsSink(privacy, block, custom, pipeline));
    return block;
  };

  beforeEach(() => {
    stop?.();
    sent = [];
    document.body.innerHTML =
      '<img id="hero" class="hero" alt=""><button id="buy">Buy now</button><p id="card" class="td-mask">4242 4242</p>';
  });

  it('listens once per page and sends each metric as $web_vitals with the URL masked', () => {
    start();
    expect(Object.keys(registered).sort()).toStrictEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    registered.TTFB!.report(metric('TTFB', { attribution: { requestDuration: 12.5 } }));
    expect(sent).toStrictEqual([
      [
        '$web_vitals',
        {
          name: 'TTFB',
          value: 4321.123,
          rating: 'poor',
          id: 'v6-TTFB',
          navigationType: 'navigate',
          url: 'https://shop.example/u/[user]?token=[redacted]',
          parts: { requestDuration: 12.5 },
        },
      ],
    ]);
  });

  it('names the element by the safe description’s selector, never by its text', () => {
    start();
    const describe = registered.INP!.options!.generateTarget!;
    const button = document.getElementById('buy')!;
    registered.INP!.report(
      metric('INP', { attribution: { interactionTarget: describe(button), inputDelay: 3 } }),
    );
    const card = document.getElementById('card')!;
    registered.LCP!.report(metric('LCP', { attribution: { target: describe(card.firstChild) } }));
    expect(sent.map(([, p]) => p.element)).toStrictEqual(['button#buy', 'p#card']);
    // Only the selector: the element's text never leaves with a vital.
    expect(JSON.stringify(sent)).not.toMatch(/Buy now|4242/);
  });

  it("drops web-vitals' own selectors and the browser's, which ignore masking", () => {
    start();
    registered.CLS!.report(metric('CLS', { attribution: { largestShiftTarget: 'p#card.secret' } }));
    registered.LCP!.report(metric('LCP', { attribution: { target: '#card' } }));
    expect(sent.map(([, p]) => p.element)).toStrictEqual([undefined, undefined]);
    expect(sent).toHaveLength(2);
  });

  it('sends nothing for a page view on a blocked URL, and no element once the page was on one', () => {
    const block = start(['/u/']);
    registered.FCP!.report(metric('FCP'));
    expect(sent).toStrictEqual([]);
    block.navigate('https://shop.example/admin/u/');
    const target = registered.INP!.options!.generateTarget!(document.getElementById('buy'));
    registered.INP!.report(
      metric('INP', {
        navigationURL: 'https://shop.example/cart',
        attribution: { interactionTarget: target },
      }),
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]![1]).toMatchObject({ name: 'INP', url: 'https://shop.example/cart' });
    expect(sent[0]![1].element).toBeUndefined();
  });

  it('stops reporting to a stopped recorder', () => {
    start();
    stop();
    registered.FCP!.report(metric('FCP'));
    expect(sent).toStrictEqual([]);
  });
});
