'use client';
import type { Recorder } from '@tapedeck/core';
import { useContext } from 'react';
import { RecorderContext } from './RecorderContext.js';

/** The recorder of the nearest `<TapedeckProvider>`. */
export function useRecorder(): Recorder {
  const recorder = useContext(RecorderContext);
  if (!recorder)
    throw new Error(
      'useRecorder() needs a <TapedeckProvider> above it: wrap your app in <TapedeckProvider options={{ host, token }}>.',
    );
  return recorder;
}
