/** Where the recorder is in its life. */
export type RecorderStatus = 'idle' | 'loading' | 'recording' | 'stopped';

/** What adapters read through `subscribe`/`getSnapshot`. Immutable: a new object per change. */
export interface RecorderState {
  readonly status: RecorderStatus;
  readonly sessionId: string | null;
  readonly windowId: string | null;
  /** The last thing that went wrong (a failed load, a rejected upload), for display. */
  readonly lastError: string | null;
}

export interface RecorderConfig {
  /** Base URL of the Tapedeck server, e.g. `https://replay.example.com`. */
  host: string;
  /** The project's public ingestion token. */
  token: string;
  /** How often buffered events are sent, in ms. Default 2000. */
  flushIntervalMs?: number;
  /** Mask the value of every input. Default true; passwords are masked regardless. */
  maskAllInputs?: boolean;
  /** Mask the text of elements matching this selector (and the class `td-mask`). */
  maskTextSelector?: string;
  /** Record a same-size placeholder for elements matching this (and the class `td-block`). */
  blockSelector?: string;
  /** Minutes of no activity after which a new session starts. Default 30. */
  sessionIdleTimeoutMinutes?: number;
  /** Ties the recording to a person in your product. */
  distinctId?: string;
}

export type Listener = (state: RecorderState) => void;
