import type { RecorderConfig } from '@tapedeck/core';
import { type ReactNode, Suspense } from 'react';
import { ClientProvider } from './ClientProvider.js';
import { DECISION_META, type RecordingDecision } from './decideRecording.js';
import { RouteEvents } from './RouteEvents.js';

export interface TapedeckProviderProps {
  /** Recorder options; they cross to the client, so only plain values (no functions). */
  options: RecorderConfig;
  /** A decision made on the server (see `decideRecording`); the client never records past it. */
  decision?: RecordingDecision;
  children?: ReactNode;
}

/**
 * For `app/layout.tsx` (a server component): renders the client provider and the route
 * events, with the server's recording decision applied.
 */
export function TapedeckProvider({ options, decision, children }: TapedeckProviderProps) {
  const recording = decision ? { ...options.recording, ...decision } : options.recording;
  return (
    <ClientProvider options={recording ? { ...options, recording } : options}>
      {/* For initTapedeck(), which starts once the document is parsed (React puts it in <head>). */}
      {decision && <meta name={DECISION_META} content={JSON.stringify(decision)} />}
      {children}
      <Suspense fallback={null}>
        <RouteEvents />
      </Suspense>
    </ClientProvider>
  );
}
