'use client';
import { createRecorder, type Recorder, type RecorderConfig } from '@tapedeck/core';
import { TapedeckProvider as ReactProvider } from '@tapedeck/react';
import { type ReactNode, useState } from 'react';
import { resolveHost } from './resolveHost.js';

declare global {
  // Set by initTapedeck() in instrumentation-client.ts.
  var __tapedeckRecorder: Recorder | undefined;
}

/** The client half of `<TapedeckProvider>`: one recorder, from instrumentation or made here. */
export function ClientProvider({
  options,
  children,
}: {
  options: RecorderConfig;
  children?: ReactNode;
}) {
  const [recorder] = useState(() => {
    const early = globalThis.__tapedeckRecorder;
    if (!early) return createRecorder(resolveHost(options));
    // Made by initTapedeck() before the server's decision was known: apply it before starting.
    if (options.recording) early.decide(options.recording);
    return early;
  });
  return <ReactProvider recorder={recorder}>{children}</ReactProvider>;
}
