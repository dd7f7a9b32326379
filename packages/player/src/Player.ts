import { EventType, type RecordedEvent } from '@tapedeck/protocol';
import type { Replayer } from 'rrweb';
import { ConsolePanel } from './internal/ConsolePanel.js';
import { Controls } from './internal/Controls.js';
import { EventIndex } from './internal/EventIndex.js';
import { EventTimes } from './internal/EventTimes.js';
import { el } from './internal/el.js';
import { fitReplay } from './internal/fitReplay.js';
import { NetworkPanel } from './internal/NetworkPanel.js';
import { ReplayExtras } from './internal/ReplayExtras.js';
import { own, type ReplayerEvent, sandboxedReplayer } from './internal/sandboxedReplayer.js';
import type { PlayerOptions, PlayerState, TimelineMarker } from './types.js';

const KEY_STEP_MS = 5000;

/**
 * Replays rrweb events with rrweb's Replayer inside a sandboxed iframe (no script of the
 * recorded page runs): play/pause, speed, skip inactivity, a seekable timeline with markers,
 * keyboard control (space, ←/→) and the recorded console following playback.
 */
export class Player {
  readonly #options: PlayerOptions;
  readonly #root = el('div', 'td-player');
  readonly #stage = el('div', 'td-player-stage');
  readonly #controls: Controls;
  readonly #console = new ConsolePanel();
  readonly #network = new NetworkPanel();
  readonly #index = new EventIndex();
  readonly #times = new EventTimes();
  readonly #resize = new ResizeObserver(() => this.#fit());
  /** Markers with absolute timestamps, placed once the recording's start is known. */
  #timeline: TimelineMarker[] = [];
  #replayer: Replayer | undefined;
  #pending: RecordedEvent[] = [];
  readonly #extras = new ReplayExtras();
  #size = { width: 0, height: 0 };
  #state: PlayerState = { status: 'loading', currentTime: 0, duration: 0, error: null };
  #listeners = new Set<(state: PlayerState) => void>();
  #frame = 0;

  constructor(container: HTMLElement, options: PlayerOptions = {}) {
    this.#options = options;
    this.#controls = new Controls(
      {
        toggle: () => this.toggle(),
        seek: (ms) => this.seek(ms),
        speed: (speed) => {
          this.#replayer?.setConfig({ speed });
          this.#syncReplay(this.#state.currentTime);
        },
        skipInactive: (skipInactive) => this.#replayer?.setConfig({ skipInactive }),
      },
      options,
    );
    this.#root.tabIndex = 0;
    this.#root.setAttribute('aria-label', 'Recording player: space plays or pauses, arrows seek');
    this.#root.addEventListener('keydown', (event) => this.#onKey(event));
    this.#root.append(
      this.#stage,
      this.#controls.element,
      this.#console.element,
      this.#network.element,
    );
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

  /** Puts markers (absolute timestamps) on the timeline; clicking one seeks there. */
  setMarkers(markers: TimelineMarker[]): void {
    this.#timeline = markers;
    this.#placeMarkers();
  }

  /** Adds events (in any order); playback can begin once a full snapshot is in. */
  addEvents(events: readonly RecordedEvent[]): void {
    const rebuild = this.#extras.add(events, this.#replayer);
    this.#index.add(events);
    this.#times.add(events);
    const added = this.#replayer;
    if (added) {
      for (const event of events) added.addEvent(own(event) as ReplayerEvent);
    } else {
      this.#pending.push(...events);
      // Opened at a moment (a `?t=` link): built once the recording has reached it.
      if (
        this.#pending.length >= 2 &&
        this.#pending.some((e) => e.type === EventType.FullSnapshot) &&
        this.#times.span() >= (this.#options.startAt ?? 0)
      ) {
        this.#mount();
        if (this.#options.autoplay) this.play();
      }
    }
    if (this.#replayer) this.#flushConsole();
    if (added) {
      const earliest = events.reduce((t, e) => Math.min(t, e.timestamp), Number.POSITIVE_INFINITY);
      // rrweb takes added events in a microtask: read the new length after it.
      void Promise.resolve().then(() => {
        if (this.#replayer !== added) return;
        const { status, currentTime: at } = this.#state;
        this.#update({ duration: added.getMetaData().totalTime });
        if (status !== 'paused') return;
        // Events at or before the moment shown (a stylesheet's report, a late chunk).
        if (rebuild) this.#mount(at);
        else if (earliest <= (this.#start() ?? 0) + at) {
          this.#pauseAt(at);
          this.#syncReplay(at);
        }
      });
    }
  }

  /** Loads every batch of `source` in turn, e.g. `streamSession(url)`. */
  async load(source: AsyncIterable<RecordedEvent[]>): Promise<void> {
    try {
      for await (const events of source) {
        this.addEvents(events);
        // Once playable, let the page paint and respond between batches of a long recording.
        if (this.#replayer) await new Promise((resolve) => setTimeout(resolve, 0));
      }
      // A moment past the end: the end.
      if (!this.#replayer && this.#pending.some((e) => e.type === EventType.FullSnapshot))
        this.#mount(this.#times.span());
      if (!this.#replayer)
        this.fail('This recording has no full snapshot, so there is nothing to show.');
    } catch (error) {
      this.fail((error as Error).message);
    }
  }

  play(): void {
    if (!this.#replayer) return;
    const at = this.#state.status === 'finished' ? 0 : this.#state.currentTime;
    if (this.#staleCustomElements(at)) this.#mount(at);
    this.#replayer!.play(at);
    this.#syncReplay(at);
    this.#update({ status: 'playing' });
    this.#tick();
  }

  pause(): void {
    if (!this.#replayer || this.#state.status !== 'playing') return;
    this.#replayer.pause();
    this.#update({ status: 'paused', currentTime: this.#replayer.getCurrentTime() });
  }

  toggle(): void {
    if (this.#state.status === 'playing') this.pause();
    else this.play();
  }

  /** Jumps to `ms` from the start, keeping the play/pause state. */
  seek(ms: number): void {
    if (!this.#replayer) return;
    const at = Math.max(0, Math.min(ms, this.#state.duration));
    const playing = this.#state.status === 'playing';
    if (this.#staleCustomElements(at)) this.#mount(at);
    if (playing) {
      this.#replayer!.play(at);
      this.#update({ status: 'playing' });
    } else this.#pauseAt(at);
    this.#syncReplay(at);
    this.#update({
      currentTime: at,
      ...(this.#state.status === 'finished' ? { status: 'paused' as const } : {}),
    });
  }

  fail(message: string): void {
    this.#update({ status: 'error', error: message });
  }

  destroy(): void {
    cancelAnimationFrame(this.#frame);
    this.#resize.disconnect();
    this.#replayer?.destroy();
    this.#root.remove();
    this.#listeners.clear();
  }

  /** The player's additions to the replay, as they were at `at` (ms from the start). */
  #syncReplay(at: number): void {
    const start = this.#start();
    if (this.#replayer && start !== null)
      this.#extras.sync(this.#replayer, start + at, this.#controls.speed);
  }

  /** A custom element defined later than `at` is in the frame: it must be built afresh. */
  #staleCustomElements(at: number): boolean {
    const start = this.#start();
    return Boolean(
      this.#replayer && start !== null && this.#extras.needsFreshFrame(this.#replayer, start + at),
    );
  }

  /** Builds the replay from every event so far, paused at `startAt` (ms). */
  #mount(startAt = Math.max(0, this.#options.startAt ?? 0)): void {
    this.#replayer?.destroy();
    this.#pending = [];
    const replayer = sandboxedReplayer(this.#extras.events, this.#stage, this.#options);
    this.#replayer = replayer;
    replayer.on('resize', (size) => {
      this.#size = size as { width: number; height: number };
      this.#fit();
    });
    // rrweb also says so when a paused seek applies the last event: only playing can finish.
    replayer.on('finish', () => {
      if (this.#state.status === 'playing')
        this.#update({ status: 'finished', currentTime: this.#state.duration });
    });
    this.#controls.enable();
    this.#pauseAt(startAt);
    this.#syncReplay(startAt);
    this.#update({
      status: 'paused',
      duration: replayer.getMetaData().totalTime,
      currentTime: startAt,
    });
    this.#placeMarkers();
  }

  /** Paused at `at`, with every event up to and including that moment applied. */
  #pauseAt(at: number): void {
    this.#replayer?.pause(this.#times.through(this.#start() ?? 0, at));
  }

  #start(): number | null {
    return this.#replayer ? this.#replayer.getMetaData().startTime : null;
  }

  #placeMarkers(): void {
    const start = this.#start();
    if (start === null) return;
    const clicks = this.#index.clicks.map((t) => ({
      atMs: t - start,
      label: 'Click',
      kind: 'click',
    }));
    const vitals = this.#index.vitals.map((m) => ({ ...m, atMs: m.timestamp - start }));
    const others = this.#timeline.map((m) => ({
      atMs: m.timestamp - start,
      label: m.label,
      kind: m.kind,
    }));
    this.#controls.markers.set([...clicks, ...vitals, ...others], this.#state.duration);
    if (this.#state.duration)
      this.#controls.shade(this.#index.inactive(start, this.#state.duration), this.#state.duration);
  }

  /** Moves console and network plugin events into their panels. */
  #flushConsole(): void {
    const start = this.#start();
    if (start === null) return;
    const { logs, requests } = this.#index.takePlugins(start);
    this.#console.add(logs);
    this.#network.add(requests);
    this.#placeMarkers();
  }

  #onKey(event: KeyboardEvent): void {
    if ((event.target as HTMLElement).closest('input, select, textarea')) return;
    if (event.key === ' ') this.toggle();
    else if (event.key === 'ArrowLeft') this.seek(this.#state.currentTime - KEY_STEP_MS);
    else if (event.key === 'ArrowRight') this.seek(this.#state.currentTime + KEY_STEP_MS);
    else return;
    event.preventDefault();
  }

  #tick = (): void => {
    cancelAnimationFrame(this.#frame);
    if (this.#state.status !== 'playing' || !this.#replayer) return;
    this.#update({ currentTime: Math.min(this.#replayer.getCurrentTime(), this.#state.duration) });
    const start = this.#start();
    if (start !== null) this.#extras.tick(this.#replayer, start + this.#state.currentTime);
    this.#frame = requestAnimationFrame(this.#tick);
  };

  #fit(): void {
    fitReplay(this.#replayer?.wrapper, this.#stage, this.#size);
  }

  #update(change: Partial<PlayerState>): void {
    this.#state = Object.freeze({ ...this.#state, ...change });
    const { status, currentTime } = this.#state;
    this.#controls.render(this.#state);
    this.#console.at(currentTime);
    this.#network.at(currentTime);
    this.#root.dataset.status = status;
    for (const listener of this.#listeners) listener(this.#state);
  }
}
