import { createRecorder, type Recorder, type RecorderConfig } from '@tapedeck/core';
import { resolveHost } from './resolveHost.js';

/**
 * For `instrumentation-client.ts` (Next 15.3+): starts recording before the app hydrates, so
 * the first paint is in the recording. `<TapedeckProvider>` then uses this same recorder.
 */
export function initTapedeck(options: RecorderConfig): Recorder {
  globalThis.__tapedeckRecorder ??= createRecorder(resolveHost(options));
  globalThis.__tapedeckRecorder.start();
  return globalThis.__tapedeckRecorder;
}
