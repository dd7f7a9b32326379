import { EventType, isUserActivity, type RecordedEvent } from '@tapedeck/protocol';
import type { Replayer } from 'rrweb';
import { EventTimes } from './EventTimes.js';
import { ReplayExtras } from './ReplayExtras.js';
import { own, type ReplayerEvent, sandboxedReplayer } from './sandboxedReplayer.js';

/** The class rrweb gives its wrapper, worn only by the window on screen. */
const ON_SCREEN = 'replayer-wrapper';
const OFF_SCREEN = 'td-player-window-hidden';

export interface WindowHooks {
  resize(window: WindowReplay): void;
  finish(window: WindowReplay): void;
}

/**
 * One window (browser tab) of a recording: its own events, from its own full snapshot, in its
 * own rrweb replayer and frame, with the player's additions. Times are in ms from `start`,
 * the window's first event. A window off screen keeps its frame (laid out, but not visible),
 * so showing it again later applies only what happened since.
 */
export class WindowReplay {
  readonly id: string;
  readonly extras = new ReplayExtras();
  readonly times = new EventTimes();
  /** When the user acted in this window (ms since the epoch). */
  readonly activity = new EventTimes();
  replayer: Replayer | undefined;
  size = { width: 0, height: 0 };
  /** Events came in that change the recording before the moment shown: build it afresh. */
  stale = false;
  #fullSnapshot = false;
  #onScreen = true;
  readonly #stage: HTMLElement;
  readonly #config: { skipInactive?: boolean; speed?: number };
  readonly #hooks: WindowHooks;

  constructor(
    id: string,
    stage: HTMLElement,
    config: { skipInactive?: boolean; speed?: number },
    hooks: WindowHooks,
  ) {
    this.id = id;
    this.#stage = stage;
    this.#config = { ...config };
    this.#hooks = hooks;
  }

  /** Takes more events; true when a replay built already must be built afresh. */
  add(events: readonly RecordedEvent[]): boolean {
    const rebuild = this.extras.add(events, this.replayer);
    this.times.add(events);
    this.activity.add(events.filter(isUserActivity));
    this.#fullSnapshot ||= events.some((e) => e.type === EventType.FullSnapshot);
    const replayer = this.replayer;
    if (replayer) for (const event of events) replayer.addEvent(own(event) as ReplayerEvent);
    return rebuild;
  }

  get hasFullSnapshot(): boolean {
    return this.#fullSnapshot;
  }

  /** Enough to show a first frame: a full snapshot and what comes with it. */
  get ready(): boolean {
    return this.#fullSnapshot && this.extras.events.length >= 2;
  }

  /** The window's first event, ms since the epoch (as its replayer counts). */
  get start(): number {
    return this.replayer?.getMetaData().startTime ?? this.times.first() ?? Number.POSITIVE_INFINITY;
  }

  /** The window's last event, ms since the epoch. */
  get end(): number {
    return this.replayer?.getMetaData().endTime ?? this.times.last() ?? Number.NEGATIVE_INFINITY;
  }

  /** Builds the replay afresh from every event so far (not yet at any moment). */
  mount(): void {
    this.replayer?.destroy();
    const replayer = sandboxedReplayer(this.extras.events, this.#stage, this.#config);
    this.replayer = replayer;
    this.stale = false;
    replayer.on('resize', (size) => {
      this.size = size as { width: number; height: number };
      this.#hooks.resize(this);
    });
    replayer.on('finish', () => this.#hooks.finish(this));
    this.#place();
  }

  /** Paused at `at`, with every event up to and including that moment applied. */
  pauseAt(at: number): void {
    this.replayer?.pause(this.times.through(this.start, at));
  }

  play(at: number): void {
    this.replayer?.play(at);
  }

  /** Where playback is, in ms from the window's start. */
  currentTime(): number {
    return this.replayer?.getCurrentTime() ?? 0;
  }

  /** The player's additions, as they were at `at`. */
  sync(at: number, speed: number): void {
    if (this.replayer) this.extras.sync(this.replayer, this.start + at, speed);
  }

  tick(at: number): void {
    if (this.replayer) this.extras.tick(this.replayer, this.start + at);
  }

  /** The frame cannot show `at` by playing on: it must be built afresh. */
  needsFreshFrame(at: number): boolean {
    return Boolean(
      this.replayer && (this.stale || this.extras.needsFreshFrame(this.replayer, this.start + at)),
    );
  }

  setConfig(config: { skipInactive?: boolean; speed?: number }): void {
    Object.assign(this.#config, config);
    this.replayer?.setConfig(config);
  }

  /** On screen or not. Taken off screen, it stops where it is and leaves any fast-forward. */
  show(onScreen: boolean): void {
    if (this.#onScreen && !onScreen && this.replayer) {
      this.replayer.pause();
      // rrweb leaves a skip only on reaching the input it skips to, which a seek may jump over.
      this.replayer.setConfig({ skipInactive: false });
      this.replayer.setConfig(this.#config);
    }
    this.#onScreen = onScreen;
    this.#place();
  }

  destroy(): void {
    this.replayer?.destroy();
    this.replayer = undefined;
  }

  /**
   * Off screen, the frame stays laid out (scroll positions still apply) but unseen, and its
   * wrapper loses rrweb's class, so that `.replayer-wrapper` finds the window on screen only.
   */
  #place(): void {
    const wrapper = this.replayer?.wrapper;
    if (!wrapper) return;
    wrapper.classList.toggle(ON_SCREEN, this.#onScreen);
    wrapper.classList.toggle(OFF_SCREEN, !this.#onScreen);
    if (this.#onScreen) wrapper.removeAttribute('aria-hidden');
    else wrapper.setAttribute('aria-hidden', 'true');
  }
}
