import type { RecordedEvent } from '@tapedeck/protocol';
import { Annotations } from './internal/Annotations.js';
import type { Controls } from './internal/Controls.js';
import { controlsFor } from './internal/controlsFor.js';
import { EventTimes } from './internal/EventTimes.js';
import { el } from './internal/el.js';
import { feed } from './internal/feed.js';
import { fitReplay } from './internal/fitReplay.js';
import { LOADING } from './internal/LOADING.js';
import { listenForKeys } from './internal/onPlayerKey.js';
import type { WindowReplay } from './internal/WindowReplay.js';
import { WindowSet } from './internal/WindowSet.js';
import type {
  EventBatch,
  PlayerOptions,
  PlayerSource,
  PlayerState,
  PlayerWindow,
  TimelineMarker,
} from './types.js';

/**
 * Replays rrweb events with rrweb's Replayer inside a sandboxed iframe (no script of the
 * recorded page runs): play/pause, speed, skip inactivity, a seekable timeline with markers,
 * keyboard control (space, ←/→), the recorded console and network. Each window (tab)
 * replays on its own; on screen is the one the user acted in last, or the one `showWindow` picks.
 */
export class Player {
  readonly #options: PlayerOptions;
  readonly #root = el('div', 'td-player');
  readonly #stage = el('div', 'td-player-stage');
  readonly #controls: Controls;
  readonly #notes: Annotations;
  readonly #times = new EventTimes();
  readonly #resize = new ResizeObserver(() => this.#fit());
  readonly #windows: WindowSet;
  #begun = false;
  /** Where playback was at the last frame (ms), to find when the user went to another window. */
  #lastTick = 0;
  #state: PlayerState = LOADING;
  #listeners = new Set<(state: PlayerState) => void>();
  #frame = 0;
  /** Aborted by destroy(): a source being loaded stops. */
  readonly #gone = new AbortController();

  constructor(container: HTMLElement, options: PlayerOptions = {}) {
    this.#options = { ...options };
    if (options.live) this.#state = Object.freeze({ ...LOADING, live: true });
    this.#windows = new WindowSet(this.#stage, options, {
      resize: () => this.#fit(),
      finish: (w) => this.#finished(w),
    });
    this.#controls = controlsFor(this, this.#windows, options);
    this.#notes = new Annotations(this.#controls);
    listenForKeys(this.#root, this);
    this.#root.append(this.#stage, this.#controls.element, ...Object.values(this.#notes.panels));
    container.append(this.#root);
    this.#resize.observe(this.#stage);
  }

  subscribe(listener: (state: PlayerState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  getSnapshot(): PlayerState {
    return this.#state;
  }

  /** The windows (browser tabs) of the recording, in the order they were opened. */
  get windows(): readonly PlayerWindow[] {
    return this.#state.windows;
  }

  /** The window on screen. */
  get currentWindowId(): string | null {
    return this.#state.windowId;
  }

  /** Keeps window `windowId` on screen; null shows the window the user acted in last again. */
  showWindow(windowId: string | null): void {
    this.#windows.pin(windowId);
    this.#update({ followsActivity: windowId === null });
    if (this.#state.live) this.#toEdge();
    else if (this.#begun) this.#present(this.#state.currentTime, this.#state.status === 'playing');
  }

  /** The console and network panels (under the controls until appended elsewhere). */
  get panels(): { readonly console: HTMLElement; readonly network: HTMLElement } {
    return this.#notes.panels;
  }

  /** Speed (one of the menu's, 0.5 to 16) and skipping inactivity, as the controls show them. */
  get config(): { speed: number; skipInactive: boolean } {
    return this.#controls.config;
  }
  setConfig(config: { speed?: number; skipInactive?: boolean }): void {
    this.#controls.configure(config);
  }

  /** Puts markers (absolute timestamps) on the timeline; clicking one seeks there. */
  setMarkers(markers: TimelineMarker[]): void {
    this.#notes.setMarkers(markers);
    this.#placeMarkers();
  }

  /**
   * Adds events (in any order) of window `windowId` (default: the batch's own `windowId`, else
   * one window for all); playback can begin once a full snapshot is in.
   */
  addEvents(events: readonly RecordedEvent[], windowId?: string): void {
    const w = this.#windows.get(windowId ?? (events as EventBatch).windowId);
    const built = w.replayer;
    const rebuild = w.add(events);
    this.#notes.add(events);
    this.#times.add(events);
    if (!this.#begun) {
      // Opened at a moment (a `?t=` link): built once the recording has reached it.
      const startAt = this.#state.live ? 0 : (this.#options.startAt ?? 0);
      if (this.#windows.all().some((x) => x.ready) && this.#times.span() >= startAt) {
        this.#begin(Math.max(0, startAt), false);
        if (this.#state.live) this.#toEdge();
        else if (this.#options.autoplay) this.play();
      }
    } else if (!built && w.ready) this.#mountLate();
    if (this.#begun) this.#notes.take(this.#windows, this.#state.duration);
    if (!built) return;
    const earliest = events.reduce((t, e) => Math.min(t, e.timestamp), Number.POSITIVE_INFINITY);
    // rrweb takes added events in a microtask: read the new length after it.
    void Promise.resolve().then(() => {
      if (w.replayer !== built) return;
      // Events that change the recording before them (a stylesheet's report): built afresh.
      if (rebuild) w.stale = true;
      const { status, currentTime: at, live } = this.#state;
      this.#update({ duration: this.#windows.duration(), windows: this.#windows.describe() });
      if (live) return this.#toEdge();
      // Events at or before the moment shown (a stylesheet's report, a late chunk).
      if (status === 'paused' && (rebuild || earliest <= this.#windows.start() + at))
        this.#present(at, false);
    });
  }

  /** Loads every batch of `source` (`streamSession(url)`, `(link) => followSession(…, link)`). */
  async load(source: PlayerSource): Promise<void> {
    const reconnecting = (on: boolean) => this.#update({ reconnecting: on });
    const link = { signal: this.#gone.signal, reconnecting };
    try {
      if (!(await feed(source, link, (e) => this.addEvents(e) ?? this.#begun))) return;
      // A moment past the end: the end.
      if (!this.#begun && this.#windows.all().some((w) => w.hasFullSnapshot))
        this.#begin(this.#times.span(), true);
      if (!this.#begun)
        this.fail('This recording has no full snapshot, so there is nothing to show.');
    } catch (error) {
      this.fail((error as Error).message);
    }
  }

  play(): void {
    if (!this.#begun || this.#state.live) return;
    const at = this.#state.status === 'finished' ? 0 : this.#state.currentTime;
    this.#present(at, true);
    this.#lastTick = at;
    this.#update({ status: 'playing' });
    this.#tick();
  }

  pause(): void {
    const w = this.#windows.shown;
    if (!w || this.#state.status !== 'playing') return;
    w.replayer?.pause();
    const at = this.#state.live
      ? this.#state.currentTime
      : this.#windows.offset(w) + w.currentTime();
    this.#update({ status: 'paused', currentTime: at, live: false });
  }

  toggle(): void {
    if (this.#state.status === 'playing') this.pause();
    else this.play();
  }

  /** Jumps to `ms` from the start, keeping the play/pause state; while loading, opens there. */
  seek(ms: number): void {
    if (!this.#begun) return void Object.assign(this.#options, { startAt: ms });
    const at = Math.max(0, Math.min(ms, this.#state.duration));
    const { status, live } = this.#state;
    this.#present(at, status === 'playing');
    this.#lastTick = at;
    this.#update({
      currentTime: at,
      status: status === 'finished' ? 'paused' : status,
      live: false,
    });
    // Taken back from the edge while playing on: it plays on from there.
    if (live && status === 'playing') this.#tick();
  }

  /**
   * Follows the newest moment: there now, and again as each batch comes in, until paused or
   * taken elsewhere. Before the first frame, the first frame is the newest moment.
   */
  goLive(): void {
    if (this.#begun) this.#toEdge();
    else this.#update({ live: true });
  }

  fail(message: string): void {
    this.#update({ status: 'error', error: message, reconnecting: false, live: false });
  }

  destroy(): void {
    this.#gone.abort();
    cancelAnimationFrame(this.#frame);
    this.#resize.disconnect();
    this.#windows.destroy();
    this.#root.remove();
    this.#notes.remove();
    this.#listeners.clear();
  }

  /** The first frame, at `at` (ms): every window with a full snapshot is built. */
  #begin(at: number, all: boolean): void {
    this.#begun = true;
    this.#windows.build(at, all);
    this.#controls.enable();
    this.#present(at, false);
    this.#update({
      status: 'paused',
      duration: this.#windows.duration(),
      currentTime: at,
      windows: this.#windows.describe(),
    });
    this.#placeMarkers();
  }

  /** A window whose full snapshot came in after the first frame: built, off screen. */
  #mountLate(): void {
    this.#windows.build(this.#state.currentTime, false);
    this.#update({ duration: this.#windows.duration(), windows: this.#windows.describe() });
    if (this.#state.live) this.#toEdge();
    else if (this.#state.status === 'paused') this.#present(this.#state.currentTime, false);
  }

  /** The newest moment on screen, following live: 'playing', though nothing plays on. */
  #toEdge(): void {
    cancelAnimationFrame(this.#frame);
    const at = this.#windows.duration();
    this.#present(at, false);
    this.#lastTick = at;
    this.#update({ live: true, status: 'playing', currentTime: at, duration: at });
  }

  /** Window `w` (by default the one to show then) on screen at `at`, playing or paused. */
  #present(at: number, play: boolean, w?: WindowReplay): void {
    const shown = this.#windows.present(at, play, this.#controls.speed, w);
    if (!shown) return;
    this.#fit();
    if (this.#state.windowId !== shown.id) this.#update({ windowId: shown.id });
  }

  /**
   * The window on screen played to its end. rrweb also says so when a paused seek applies
   * the last event: only playing can finish. Another window still going plays on.
   */
  #finished(w: WindowReplay): void {
    if (w !== this.#windows.shown || this.#state.status !== 'playing' || this.#state.live) return;
    const at = Math.max(this.#state.currentTime, w.end - this.#windows.start());
    const next = this.#windows.after(at);
    if (next) {
      this.#present(at, true, next);
      this.#lastTick = at;
    } else
      this.#update({
        status: 'finished',
        currentTime: this.#windows.pinned ? at : this.#state.duration,
      });
  }

  #placeMarkers(): void {
    if (this.#begun) this.#notes.place(this.#windows, this.#state.duration);
  }

  #tick = (): void => {
    cancelAnimationFrame(this.#frame);
    const w = this.#windows.shown;
    if (this.#state.status !== 'playing' || !w) return;
    const offset = this.#windows.offset(w);
    let at = Math.min(offset + w.currentTime(), this.#state.duration);
    w.tick(at - offset);
    const moved = this.#windows.moved(at, this.#lastTick);
    if (moved) {
      at = moved.from;
      this.#present(at, true, moved.window);
    }
    this.#lastTick = at;
    this.#update({ currentTime: at });
    this.#frame = requestAnimationFrame(this.#tick);
  };

  #fit(): void {
    const w = this.#windows.shown;
    if (w) fitReplay(w.replayer?.wrapper, this.#stage, w.size);
  }

  #update(change: Partial<PlayerState>): void {
    this.#state = Object.freeze({ ...this.#state, ...change });
    const { status, currentTime, duration } = this.#state;
    this.#controls.render(this.#state);
    this.#notes.at(currentTime, duration);
    this.#root.dataset.status = status;
    for (const listener of this.#listeners) listener(this.#state);
  }
}
