export type PlayerStatus = 'loading' | 'paused' | 'playing' | 'finished' | 'error';

/** Immutable; a new object on every change. */
export interface PlayerState {
  readonly status: PlayerStatus;
  /** Milliseconds from the start of the recording. */
  readonly currentTime: number;
  /** Milliseconds of recording loaded so far. */
  readonly duration: number;
  readonly error: string | null;
}

export interface PlayerOptions {
  /** Start playing as soon as the first chunk has arrived. Default false. */
  autoplay?: boolean;
  /** Fast-forward through stretches with no user activity. Default true. */
  skipInactive?: boolean;
  /** Playback speed, 0.5 to 16. Default 1. */
  speed?: number;
  /** Where to start, in ms from the start of the recording (a `?t=` link). */
  startAt?: number;
  /** Passed to fetch for the recording, e.g. `{ headers: { Authorization: 'Bearer …' } }`. */
  requestInit?: RequestInit;
}

/** A moment to show on the timeline, at an absolute timestamp (ms since the epoch). */
export interface TimelineMarker {
  timestamp: number;
  label: string;
  /** `pageview`, `rageclick`, `dead_click`, `exception`, `comment`, `custom`, … (a CSS class). */
  kind: string;
}
