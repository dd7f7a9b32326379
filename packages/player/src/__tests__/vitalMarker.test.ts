import { describe, expect, it } from 'vitest';
import { EventIndex } from '../internal/EventIndex.js';

const vital = (timestamp: number, payload: Record<string, unknown>) => ({
  type: 5,
  timestamp,
  data: { tag: '$web_vitals', payload },
});

describe('Web Vitals on the timeline', () => {
  it('marks each reported vital, rated by web.dev thresholds, naming its element', () => {
    const index = new EventIndex();
    index.add([
      vital(10, { name: 'INP', value: 640, rating: 'good', element: 'button#buy' }),
      vital(20, { name: 'LCP', value: 3200 }),
      vital(30, { name: 'CLS', value: 0.012 }),
      vital(40, { name: 'XYZ', value: 1 }),
      vital(50, { name: 'TTFB', value: -1 }),
      { type: 5, timestamp: 60, data: { tag: '$pageview', payload: { href: '/' } } },
    ]);
    expect(index.vitals).toEqual([
      { timestamp: 10, label: 'INP 640 ms (poor) on button#buy', kind: 'vital-poor' },
      { timestamp: 20, label: 'LCP 3.20 s (needs improvement)', kind: 'vital-needs-improvement' },
      { timestamp: 30, label: 'CLS 0.012 (good)', kind: 'vital-good' },
    ]);
  });
});
