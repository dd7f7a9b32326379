import { TapedeckEvent } from '@tapedeck/protocol';
import { safeSelector } from './describeElement.js';
import type { Pipeline } from './Pipeline.js';
import type { Privacy } from './privacy.js';
import type { UrlBlock } from './UrlBlock.js';
import type { VitalsSink } from './webVitals.js';

/**
 * Where Web Vitals go: a page view on a blocked URL sends none, URLs are masked like every
 * other, and elements are named by the selector `describeElement` gives (never their text, and
 * never once the page has been on a blocked URL: INP and CLS span every URL the page had).
 */
export function vitalsSink(
  privacy: Privacy,
  block: UrlBlock,
  custom: (tag: string, payload: unknown) => void,
  pipeline: Pipeline,
): VitalsSink {
  return {
    pageUrl: (href) => (block.matches(href) ? null : privacy.maskUrl(href)),
    describe: (element) => (block.everPaused ? null : safeSelector(element, privacy)),
    send(payload) {
      custom(TapedeckEvent.webVitals, payload);
      // LCP, CLS and INP are reported as the page is hidden: they leave with it.
      if (document.visibilityState === 'hidden') pipeline.handOff();
    },
  };
}
