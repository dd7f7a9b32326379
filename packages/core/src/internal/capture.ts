import type { RecorderState } from '../types.js';
import type { ResolvedConfig } from './resolveConfig.js';
import type { Session } from './session.js';

/** What the eager Recorder gives the recorder chunk when recording starts. */
export interface CaptureContext {
  config: ResolvedConfig;
  session: Session;
  distinctId: () => string | null;
  /** Whether a session is recorded (sampling, server decision, or forced on). */
  isSampled: (sessionId: string) => boolean;
  /** `startRecording()` was called: send now, whatever triggers or minimum duration say. */
  isForced: () => boolean;
  onState: (change: Partial<RecorderState>) => void;
}

/** The running capture, as the eager Recorder drives it. */
export interface Capture {
  custom(tag: string, payload: unknown): void;
  exception(payload: Record<string, unknown>): void;
  /** Starts a new session now (after `reset()`). */
  newSession(): void;
  /** Decides again what to keep and send (after `startRecording()`). */
  redecide(): void;
  /**
   * Stops capturing; sends what is buffered when `send` (settling once it is acknowledged),
   * forgets it otherwise.
   */
  stop(send: boolean, reason?: string): Promise<void>;
}
