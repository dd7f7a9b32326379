import { idleState, type RecorderState } from '@tapedeck/core';
import { getCurrentScope, onScopeDispose, type Ref, readonly, shallowRef } from 'vue';
import { useRecorder } from './useRecorder.js';

/**
 * The recorder's state as a readonly ref, updated when it changes and unsubscribed when the
 * component (or effect scope) goes away. The idle state during server rendering.
 */
export function useRecorderState(): Readonly<Ref<RecorderState>> {
  const recorder = useRecorder();
  const ssr = typeof window === 'undefined';
  const state = shallowRef(ssr ? idleState : recorder.getSnapshot());
  if (!ssr) {
    const unsubscribe = recorder.subscribe((next) => {
      state.value = next;
    });
    if (getCurrentScope()) onScopeDispose(unsubscribe);
  }
  return readonly(state);
}
