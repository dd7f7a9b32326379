import { idleState, type Recorder, type RecorderState } from '@tapedeck/core';
import type { Readable } from 'svelte/store';
import { getRecorder } from './context.js';

/**
 * The recorder's state as a Svelte store (`$state` in components, `fromStore` in runes code),
 * backed by core's `subscribe`/`getSnapshot`. Without an argument, uses the context's recorder
 * (call it during component init). The idle state on the server.
 */
export function recorderState(recorder: Recorder = getRecorder()): Readable<RecorderState> {
  return {
    subscribe(run) {
      if (typeof window === 'undefined') {
        run(idleState);
        return () => {};
      }
      run(recorder.getSnapshot());
      return recorder.subscribe(run);
    },
  };
}
