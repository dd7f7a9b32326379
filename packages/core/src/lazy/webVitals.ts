import type { WebVitalPayload } from '@tapedeck/protocol';
import {
  type MetricWithAttribution,
  onCLS,
  onFCP,
  onINP,
  onLCP,
  onTTFB,
} from 'web-vitals/attribution';

/** What the recorder gives the Web Vitals capture. */
export interface VitalsSink {
  /** The page view's URL as it may leave the page; null when the URL is blocked. */
  pageUrl(href: string): string | null;
  /** The element's safe selector (see `describeElement`); null when none may be given. */
  describe(element: Element): string | null;
  send(payload: WebVitalPayload): void;
}

// Targets this module described start with it: web-vitals' own fallbacks (a selector it
// builds, the browser's targetSelector, `#id`) name elements without the page's masking
// rules, so any target without it is dropped.
const OURS = '\u0000td:';
const round = (n: number) => Math.round(n * 1000) / 1000;

let sink: VitalsSink | undefined;
let listening = false;

function describeTarget(node: Node | null): string {
  const element = node instanceof Element ? node : (node?.parentElement ?? null);
  return OURS + ((element && sink?.describe(element)) || '');
}

function elementOf(target: string | undefined) {
  if (!target?.startsWith(OURS) || target.length === OURS.length) return {};
  return { element: target.slice(OURS.length) };
}

/** The element responsible and where the time went: numbers and our own descriptions only. */
function attribution(metric: MetricWithAttribution) {
  switch (metric.name) {
    case 'LCP': {
      const { target, timeToFirstByte, resourceLoadDelay, resourceLoadDuration } =
        metric.attribution;
      const parts = { timeToFirstByte, resourceLoadDelay, resourceLoadDuration };
      return {
        target,
        parts: { ...parts, elementRenderDelay: metric.attribution.elementRenderDelay },
      };
    }
    case 'INP': {
      const { interactionTarget, inputDelay, processingDuration, presentationDelay } =
        metric.attribution;
      return {
        target: interactionTarget,
        parts: { inputDelay, processingDuration, presentationDelay },
      };
    }
    case 'CLS':
      return { target: metric.attribution.largestShiftTarget, parts: {} };
    case 'FCP':
      return { target: undefined, parts: { timeToFirstByte: metric.attribution.timeToFirstByte } };
    default:
      return { target: undefined, parts: { requestDuration: metric.attribution.requestDuration } };
  }
}

function report(metric: MetricWithAttribution): void {
  const href = sink?.pageUrl(metric.navigationURL ?? location.href);
  if (!sink || !href) return;
  const { target, parts } = attribution(metric);
  const numbers: Record<string, number> = {};
  for (const [key, value] of Object.entries(parts))
    if (typeof value === 'number' && Number.isFinite(value)) numbers[key] = round(value);
  sink.send({
    name: metric.name,
    value: round(metric.value),
    rating: metric.rating,
    id: metric.id,
    navigationType: metric.navigationType,
    url: href,
    ...elementOf(target),
    parts: numbers,
  });
}

/**
 * Reports LCP, INP, CLS, FCP and TTFB of the page view to `next` (web-vitals, attribution
 * build: each metric once it is final, on the page being hidden for LCP, CLS and INP).
 * web-vitals cannot stop listening, so it listens once per page; a later recorder takes
 * the reports over, and the function returned stops them reaching this one.
 */
export function captureWebVitals(next: VitalsSink): () => void {
  sink = next;
  if (!listening) {
    listening = true;
    const options = { generateTarget: describeTarget };
    onLCP(report, options);
    onINP(report, options);
    onCLS(report, options);
    onFCP(report);
    onTTFB(report);
  }
  return () => {
    if (sink === next) sink = undefined;
  };
}
