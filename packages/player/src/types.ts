import type { RecordedEvent } from '@tapedeck/protocol';

export type PlayerStatus = 'loading' | 'paused' | 'playing' | 'finished' | 'error';

/** Immutable; a new object on every change. */
export interface PlayerState {
  readonly status: PlayerStatus;
  /** Milliseconds from the start of the recording. */
  readonly currentTime: number;
  /** Milliseconds of recording loaded so far. */
  readonly duration: number;
  readonly error: string | null;
  /** The windows (browser tabs) of the recording, in the order they were opened. */
  readonly windows: readonly PlayerWindow[];
  /** The window on screen; null until the first frame. */
  readonly windowId: string | null;
  /**
   * True while the window on screen follows the user (the one they acted in last); false
   * once one is kept on screen with `showWindow(id)`.
   */
  readonly followsActivity: boolean;
  /**
   * True while following the newest moment of a recording still coming in (`live` option,
   * `goLive()`): each batch added moves playback to it. Pausing or seeking leaves it.
   */
  readonly live: boolean;
  /**
   * True while the stream of a live recording was lost and the player tries to get it back
   * (`followSession`); if it gives up, `status` is `'error'` and `error` says what to do.
   */
  readonly reconnecting: boolean;
}

/** One window (browser tab) of a recording: each replays from its own full snapshot. */
export interface PlayerWindow {
  /** The recorder's window id. */
  readonly id: string;
  /** "Tab 1", "Tab 2", … in the order the tabs were opened. */
  readonly label: string;
  /** Its first and last event, in ms from the start of the recording. */
  readonly startMs: number;
  readonly endMs: number;
}

/** A batch of events of one window (`windowId`); batches without one are all one window. */
export type EventBatch = RecordedEvent[] & { readonly windowId?: string };

export interface PlayerOptions {
  /** Start playing as soon as the first chunk has arrived. Default false. */
  autoplay?: boolean;
  /** Fast-forward through stretches with no user activity. Default true. */
  skipInactive?: boolean;
  /** Playback speed, 0.5 to 16. Default 1. */
  speed?: number;
  /** Where to start, in ms from the start of the recording (a `?t=` link). */
  startAt?: number;
  /**
   * Show the window (tab) picker in the controls of a recording of several windows. Default
   * true; turn it off to build your own from `windows`, `windowId` and `showWindow()`.
   */
  windowPicker?: boolean;
  /**
   * Follow the newest moment from the first frame: for a recording still being made, streamed
   * with `follow` (see `goLive()`). Default false; `startAt` is then ignored.
   */
  live?: boolean;
  /** Passed to fetch for the recording, e.g. `{ headers: { Authorization: 'Bearer …' } }`. */
  requestInit?: RequestInit;
}

/**
 * What `Player.load` gives a source it opens (`load((link) => followSession(url, init, link))`):
 * `signal` aborts when the player is destroyed; `reconnecting` sets `state.reconnecting`.
 */
export interface SourceLink {
  readonly signal: AbortSignal;
  reconnecting(on: boolean): void;
}

/** What `Player.load` reads: batches, or a function opening them with a link to the player. */
export type PlayerSource =
  | AsyncIterable<readonly RecordedEvent[]>
  | ((link: SourceLink) => AsyncIterable<readonly RecordedEvent[]>);

/** A moment to show on the timeline, at an absolute timestamp (ms since the epoch). */
export interface TimelineMarker {
  timestamp: number;
  label: string;
  /** `pageview`, `rageclick`, `dead_click`, `exception`, `comment`, `custom`, … (a CSS class). */
  kind: string;
}
