'use client';
import { useRecorderState } from './useRecorderState.js';

/** The current session id, or null before recording starts. */
export function useSessionId(): string | null {
  return useRecorderState((state) => state.sessionId);
}
