/**
 * One rrweb event as it travels on the wire. Tapedeck does not reshape rrweb events, so a
 * recording stays playable by any rrweb player.
 */
export interface RecordedEvent {
  /** rrweb `EventType` (0–6). */
  type: number;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  data: unknown;
}

/** The SDK that produced a chunk. */
export interface SdkInfo {
  name: string;
  version: string;
}

/**
 * The body of one `POST /s/`: a run of events from one window of one session.
 * `(sessionId, windowId, seq)` identifies it, so a chunk sent twice is stored once.
 */
export interface RecordingChunk {
  sessionId: string;
  windowId: string;
  /** Increases by one per chunk within a window, starting at 0. */
  seq: number;
  distinctId?: string;
  /** When the client sent the chunk (ms since epoch), to correct clock skew. */
  sentAt: number;
  sdk: SdkInfo;
  events: RecordedEvent[];
}

/** rrweb event types, as numbers on the wire. */
export const EventType = {
  DomContentLoaded: 0,
  Load: 1,
  FullSnapshot: 2,
  IncrementalSnapshot: 3,
  Meta: 4,
  Custom: 5,
  Plugin: 6,
} as const;
