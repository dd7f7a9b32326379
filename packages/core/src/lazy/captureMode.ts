import type { Mode } from './Pipeline.js';

const ERROR_BUFFER_MS = 60_000;

export interface ModeInputs {
  /** Sampled in (or forced, or a server decision of yes). */
  sampled: boolean;
  /** `startRecording()` was called. */
  forced: boolean;
  bufferUntilError: boolean;
  /** An exception happened in this session. */
  errored: boolean;
  triggerEvents: readonly string[];
  /** A trigger event happened in this session. */
  triggered: boolean;
  triggerBufferSeconds: number;
  /** Milliseconds since the session started. */
  sessionAgeMs: number;
  minimumDurationMs: number;
}

/** What the recorder does with events now: send, hold, keep a ring of the last `ringMs`, or drop. */
export function captureMode(i: ModeInputs): { mode: Mode; ringMs: number } {
  if (!i.sampled) return { mode: 'off', ringMs: 0 };
  if (i.forced) return { mode: 'send', ringMs: 0 };
  if (i.bufferUntilError && !i.errored) return { mode: 'ring', ringMs: ERROR_BUFFER_MS };
  if (i.triggerEvents.length > 0 && !i.triggered)
    return { mode: 'ring', ringMs: i.triggerBufferSeconds * 1000 };
  if (i.sessionAgeMs < i.minimumDurationMs) return { mode: 'hold', ringMs: 0 };
  return { mode: 'send', ringMs: 0 };
}
