import type { Recorder } from '@tapedeck/core';
import { inject } from 'vue';
import { recorderKey } from './recorderKey.js';

/** The recorder the Tapedeck plugin provides. */
export function useRecorder(): Recorder {
  const recorder = inject(recorderKey, null);
  if (!recorder)
    throw new Error(
      'useRecorder() needs the Tapedeck plugin: call app.use(Tapedeck, { host, token }) before mounting.',
    );
  return recorder;
}
