import type { ResolvedConfig } from '../internal/resolveConfig.js';
import type { Privacy } from './privacy.js';

const FULL_SNAPSHOT_EVERY_MS = 5 * 60_000;

/** rrweb `record` options from the recorder's config (all but `emit`). */
export function rrwebOptions(config: ResolvedConfig, privacy: Privacy) {
  const canvas = config.recordCanvas;
  const canvasOptions = typeof canvas === 'object' ? canvas : {};
  return {
    ...privacy.recordOptions(),
    checkoutEveryNms: FULL_SNAPSHOT_EVERY_MS,
    recordCanvas: Boolean(canvas) && config.privacy !== 'strict',
    sampling: {
      mousemove: config.recordMouseMoves ? 50 : false,
      scroll: 150,
      input: 'last' as const,
      ...(canvas ? { canvas: canvasOptions.fps ?? 4 } : {}),
    },
    dataURLOptions: { type: 'image/webp', quality: canvasOptions.quality ?? 0.4 },
    recordCrossOriginIframes: config.recordCrossOriginIframes ?? false,
    inlineStylesheet: true,
    collectFonts: false,
    slimDOMOptions: { script: true, comment: true, headFavicon: true, headMetaVerification: true },
  };
}
