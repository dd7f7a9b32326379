import { describe, expect, it } from 'vitest';
import { isWebVitalName, rateVital, WEB_VITALS } from '../vitals.js';

describe('rateVital', () => {
  it.each([
    ['LCP', 2500, 'good'],
    ['LCP', 2501, 'needs-improvement'],
    ['LCP', 4001, 'poor'],
    ['INP', 200, 'good'],
    ['INP', 500, 'needs-improvement'],
    ['INP', 501, 'poor'],
    ['CLS', 0.1, 'good'],
    ['CLS', 0.26, 'poor'],
    ['FCP', 3000, 'needs-improvement'],
    ['TTFB', 1801, 'poor'],
  ] as const)('rates %s %d as %s (web.dev thresholds)', (name, value, rating) =>
    expect(rateVital(name, value)).toBe(rating),
  );

  it('knows the five metrics and nothing else', () => {
    expect(WEB_VITALS.every(isWebVitalName)).toBe(true);
    expect(isWebVitalName('FID')).toBe(false);
    expect(isWebVitalName('toString')).toBe(false);
  });
});
