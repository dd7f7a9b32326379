import type { RecorderConfig } from '../types.js';
import type { RecordFn } from './loadRecord.js';

type RecordOptions = NonNullable<Parameters<RecordFn>[0]>;

const either = (...selectors: (string | undefined)[]): string =>
  selectors.filter((s): s is string => Boolean(s)).join(', ');

/**
 * Tapedeck's privacy defaults, all in one place: every input value masked (passwords always),
 * text masked under `td-mask`/`data-td-mask`, subtrees replaced by a same-size placeholder
 * under `td-block`/`data-td-block`. rrweb applies them while capturing, so a masked value
 * never reaches the buffer.
 */
export function captureOptions(config: RecorderConfig): Omit<RecordOptions, 'emit'> {
  return {
    maskAllInputs: config.maskAllInputs ?? true,
    maskInputOptions: { password: true },
    maskTextClass: 'td-mask',
    maskTextSelector: either('[data-td-mask]', config.maskTextSelector),
    blockClass: 'td-block',
    blockSelector: either('[data-td-block]', config.blockSelector),
    ignoreClass: 'td-ignore',
    inlineStylesheet: true,
    recordCanvas: false,
    collectFonts: false,
    sampling: { mousemove: 50, scroll: 150, input: 'last' },
    slimDOMOptions: { script: true, comment: true, headFavicon: true, headMetaVerification: true },
  };
}
