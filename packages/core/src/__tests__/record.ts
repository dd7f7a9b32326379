import type { Collector } from '@tapedeck/test-collector';
import { until } from '@tapedeck/test-collector';
import { createRecorder } from '../createRecorder.js';
import type { Recorder } from '../Recorder.js';
import type { RecorderConfig } from '../types.js';

/** A recorder against `collector`, started, once it is recording (or has settled). */
export async function startRecorder(
  collector: Collector,
  options: Partial<RecorderConfig> = {},
  settled: Recorder['getSnapshot'] extends () => infer S ? (s: S) => boolean : never = (s) =>
    s.status === 'recording',
): Promise<Recorder> {
  const recorder = createRecorder({
    host: collector.host,
    token: 'tok',
    flushIntervalMs: 100,
    remoteConfig: false,
    ...options,
  });
  recorder.start();
  await until(() => settled(recorder.getSnapshot()), 'the recorder to settle');
  return recorder;
}

export function resetPage(html: string): void {
  localStorage.clear();
  sessionStorage.clear();
  history.replaceState({}, '', '/');
  document.body.innerHTML = html;
}
