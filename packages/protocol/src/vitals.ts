/** The Web Vitals Tapedeck records, one `$web_vitals` event per metric and page view. */
export const WEB_VITALS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export type WebVitalName = (typeof WEB_VITALS)[number];
export type VitalRating = 'good' | 'needs-improvement' | 'poor';

/**
 * web.dev's thresholds: good at or below the first, poor above the second (ms; CLS has no
 * unit). The server rates with these, never with what a client says.
 */
export const VITAL_THRESHOLDS: Readonly<Record<WebVitalName, readonly [number, number]>> = {
  LCP: [2500, 4000],
  INP: [200, 500],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
};

/** Values past this are not measurements (ms, or layout shift score for CLS). */
export const MAX_VITAL_VALUE = 3_600_000;

export const isWebVitalName = (name: unknown): name is WebVitalName =>
  typeof name === 'string' && (WEB_VITALS as readonly string[]).includes(name);

export function rateVital(name: WebVitalName, value: number): VitalRating {
  const [good, poor] = VITAL_THRESHOLDS[name];
  return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor';
}

/** The payload of a `$web_vitals` event. */
export interface WebVitalPayload {
  name: WebVitalName;
  value: number;
  rating: VitalRating;
  /** The measurement's id: a later report of the same page view's metric carries the same. */
  id: string;
  navigationType: string;
  /** The page view's URL, redacted and masked as the recorder sends every URL. */
  url: string;
  /**
   * The element responsible (LCP element, INP target, largest shift) as a short selector,
   * from the recorder's safe description (never the element's text).
   */
  element?: string;
  /** Where the time went (INP: inputDelay, processingDuration, presentationDelay; …), in ms. */
  parts?: Record<string, number>;
}
