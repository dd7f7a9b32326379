import type { Recorder } from '@tapedeck/core';
import { getContext, hasContext, setContext } from 'svelte';

const KEY = Symbol('tapedeck recorder');

/** Provides `recorder` to this component and its children (call during component init). */
export function setRecorder(recorder: Recorder): Recorder {
  return setContext(KEY, recorder);
}

/** The recorder a parent provided with `setRecorder` or `<TapedeckProvider>`. */
export function getRecorder(): Recorder {
  if (!hasContext(KEY))
    throw new Error(
      'getRecorder() needs a recorder above it: wrap your app in <TapedeckProvider options={{ host, token }}> or call setRecorder().',
    );
  return getContext<Recorder>(KEY);
}
