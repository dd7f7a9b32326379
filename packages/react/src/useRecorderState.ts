'use client';
import { idleState, type RecorderState } from '@tapedeck/core';
import { useSyncExternalStore } from 'react';
import { useRecorder } from './useRecorder.js';

const identity = (state: RecorderState) => state;

/**
 * The recorder's state (status, sessionId, windowId, distinctId, lastError), re-rendering
 * when it changes; pass a selector to read one part. The idle state on the server.
 */
export function useRecorderState(): RecorderState;
export function useRecorderState<T>(selector: (state: RecorderState) => T): T;
export function useRecorderState<T>(selector?: (state: RecorderState) => T): T | RecorderState {
  const recorder = useRecorder();
  const state = useSyncExternalStore(recorder.subscribe, recorder.getSnapshot, () => idleState);
  return (selector ?? identity)(state);
}
