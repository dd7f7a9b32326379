'use client';
import { createRecorder, type Recorder, type RecorderConfig } from '@tapedeck/core';
import { type ReactNode, useEffect, useState } from 'react';
import { RecorderContext } from './RecorderContext.js';

/** Either a recorder you made, or the options to make one — not both. */
export type TapedeckProviderProps = { children?: ReactNode } & (
  | { recorder: Recorder; options?: never }
  | { options: RecorderConfig; recorder?: never }
);

/**
 * Provides a recorder to the tree and starts it after mounting. Starting is reference-counted
 * in core, so StrictMode and nested providers never start two recordings. Rendering on the
 * server creates nothing that touches the browser.
 */
export function TapedeckProvider(props: TapedeckProviderProps) {
  const [recorder] = useState(() => props.recorder ?? createRecorder(props.options!));
  useEffect(() => recorder.retain(), [recorder]);
  return <RecorderContext.Provider value={recorder}>{props.children}</RecorderContext.Provider>;
}
