import { createRecorder, type Recorder, type RecorderConfig } from '@tapedeck/core';
import { DECISION_META, type RecordingDecision } from './decideRecording.js';
import { resolveHost } from './resolveHost.js';

/** The decision `<TapedeckProvider decision>` wrote into the page, if any. */
function pageDecision(): RecordingDecision | null {
  const content = document.querySelector(`meta[name="${DECISION_META}"]`)?.getAttribute('content');
  try {
    return content ? (JSON.parse(content) as RecordingDecision) : null;
  } catch {
    return null;
  }
}

/**
 * For `instrumentation-client.ts` (Next 15.3+): makes the recorder before the app hydrates and
 * starts it as soon as the document is parsed, so the first paint is in the recording.
 * `<TapedeckProvider>` then uses this same recorder. A server `decision` given to the provider
 * is applied before anything is recorded, whichever of the two starts first.
 */
export function initTapedeck(options: RecorderConfig): Recorder {
  globalThis.__tapedeckRecorder ??= createRecorder(resolveHost(options));
  const recorder = globalThis.__tapedeckRecorder;
  const start = () => {
    const decision = pageDecision();
    if (decision) recorder.decide(decision);
    recorder.start();
  };
  if (typeof document === 'undefined') return recorder;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start, { once: true });
  } else start();
  return recorder;
}
