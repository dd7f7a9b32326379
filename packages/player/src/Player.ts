import {
  EventType,
  IncrementalSource,
  isUserActivity,
  MouseInteraction,
  PluginId,
  type RecordedEvent,
} from '@tapedeck/protocol';
import { Replayer } from 'rrweb';
import { type ConsoleEntry, ConsolePanel } from './internal/ConsolePanel.js';
import { formatTime } from './internal/formatTime.js';
import { MarkerTrack } from './internal/MarkerTrack.js';
import { type NetworkEntry, NetworkPanel } from './internal/NetworkPanel.js';
import { ReplayExtras } from './internal/ReplayExtras.js';
import type { PlayerOptions, PlayerState, TimelineMarker } from './types.js';

type ReplayerEvent = ConstructorParameters<typeof Replayer>[0][number];
interface PluginPayload {
  level?: string;
  payload?: string[];
  requests?: { method?: string; url?: string; status?: number; duration?: number }[];
}
/** Gaps without user input longer than this are shaded as inactive. */
const INACTIVE_MS = 5000;
const SPEEDS = [0.5, 1, 2, 4, 8, 16];
const KEY_STEP_MS = 5000;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = '') {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

/**
 * Replays rrweb events with rrweb's Replayer inside a sandboxed iframe (no script of the
 * recorded page runs): play/pause, speed, skip inactivity, a seekable timeline with markers,
 * keyboard control (space, ←/→) and the recorded console following playback.
 */
export class Player {
  readonly #options: PlayerOptions;
  readonly #root = el('div', 'td-player');
  readonly #stage = el('div', 'td-player-stage');
  readonly #button = el('button', 'td-player-play', 'Play');
  readonly #progress = el('input', 'td-player-progress');
  readonly #time = el('span', 'td-player-time', '0:00 / 0:00');
  readonly #speed = el('select', 'td-player-speed');
  readonly #skip = el('input', 'td-player-skip');
  readonly #markers = new MarkerTrack((ms) => this.seek(ms));
  readonly #console = new ConsolePanel();
  readonly #network = new NetworkPanel();
  readonly #inactive = el('div', 'td-player-inactive');
  readonly #resize = new ResizeObserver(() => this.#fit());
  /** Markers with absolute timestamps, placed once the recording's start is known. */
  #timeline: TimelineMarker[] = [];
  #consoleEvents: RecordedEvent[] = [];
  /** Times of user input (ms since epoch), for click markers and inactivity shading. */
  #clicks: number[] = [];
  #activity: number[] = [];
  #replayer: Replayer | undefined;
  #pending: RecordedEvent[] = [];
  readonly #extras = new ReplayExtras();
  #size = { width: 0, height: 0 };
  #state: PlayerState = { status: 'loading', currentTime: 0, duration: 0, error: null };
  #listeners = new Set<(state: PlayerState) => void>();
  #frame = 0;

  constructor(container: HTMLElement, options: PlayerOptions = {}) {
    this.#options = options;
    this.#button.type = 'button';
    this.#button.disabled = true;
    this.#progress.type = 'range';
    this.#progress.min = '0';
    this.#progress.step = '100';
    this.#progress.value = '0';
    this.#progress.setAttribute('aria-label', 'Playback position');
    this.#speed.setAttribute('aria-label', 'Speed');
    for (const speed of SPEEDS) this.#speed.append(new Option(`${speed}×`, String(speed)));
    this.#speed.value = String(options.speed ?? 1);
    this.#skip.type = 'checkbox';
    this.#skip.checked = options.skipInactive ?? true;
    const skipLabel = el('label', 'td-player-skip-label');
    skipLabel.append(this.#skip, ' Skip inactivity');
    this.#button.addEventListener('click', () => this.toggle());
    this.#progress.addEventListener('input', () => this.seek(Number(this.#progress.value)));
    this.#speed.addEventListener('change', () => {
      this.#replayer?.setConfig({ speed: Number(this.#speed.value) });
      this.#syncReplay(this.#state.currentTime);
    });
    this.#skip.addEventListener('change', () =>
      this.#replayer?.setConfig({ skipInactive: this.#skip.checked }),
    );
    const timeline = el('div', 'td-player-timeline');
    timeline.append(this.#inactive, this.#markers.element, this.#progress);
    const controls = el('div', 'td-player-controls');
    controls.append(this.#button, timeline, this.#time, this.#speed, skipLabel);
    this.#root.tabIndex = 0;
    this.#root.setAttribute('aria-label', 'Recording player: space plays or pauses, arrows seek');
    this.#root.addEventListener('keydown', (event) => this.#onKey(event));
    this.#root.append(this.#stage, controls, this.#console.element, this.#network.element);
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
    this.#extras.add(events, this.#replayer);
    for (const event of events) {
      if (event.type === EventType.Plugin) this.#consoleEvents.push(event);
      else if (isUserActivity(event)) {
        this.#activity.push(event.timestamp);
        const data = event.data as { source?: number; type?: number };
        if (
          data.source === IncrementalSource.MouseInteraction &&
          data.type === MouseInteraction.Click
        )
          this.#clicks.push(event.timestamp);
      }
    }
    if (this.#replayer) {
      for (const event of events) this.#replayer.addEvent(event as ReplayerEvent);
    } else {
      this.#pending.push(...events);
      if (
        this.#pending.length >= 2 &&
        this.#pending.some((e) => e.type === EventType.FullSnapshot)
      ) {
        this.#mount();
        if (this.#options.autoplay) this.play();
      }
    }
    if (this.#replayer) {
      this.#flushConsole();
      // rrweb takes added events in a microtask: read the new length after it.
      const replayer = this.#replayer;
      void Promise.resolve().then(() => {
        if (this.#replayer === replayer)
          this.#update({ duration: replayer.getMetaData().totalTime });
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
    } else this.#replayer!.pause(at);
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
      this.#extras.sync(this.#replayer, start + at, Number(this.#speed.value) || 1);
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
    const events = [...this.#extras.events].sort(
      (a, b) => a.timestamp - b.timestamp,
    ) as ReplayerEvent[];
    this.#pending = [];
    const replayer = new Replayer(events, {
      root: this.#stage,
      skipInactive: this.#options.skipInactive ?? true,
      speed: this.#options.speed ?? 1,
      mouseTail: false,
      UNSAFE_replayCanvas: false,
      showWarning: false,
    });
    this.#replayer = replayer;
    // rrweb sets this already; set it again so no replay option can ever add allow-scripts.
    replayer.iframe.setAttribute('sandbox', 'allow-same-origin');
    replayer.on('resize', (size) => {
      this.#size = size as { width: number; height: number };
      this.#fit();
    });
    replayer.on('finish', () => {
      this.#update({ status: 'finished', currentTime: this.#state.duration });
    });
    this.#button.disabled = false;
    replayer.pause(startAt);
    this.#syncReplay(startAt);
    this.#update({
      status: 'paused',
      duration: replayer.getMetaData().totalTime,
      currentTime: startAt,
    });
    this.#placeMarkers();
  }

  #start(): number | null {
    return this.#replayer ? this.#replayer.getMetaData().startTime : null;
  }

  #placeMarkers(): void {
    const start = this.#start();
    if (start === null) return;
    const clicks = this.#clicks.map((t) => ({ atMs: t - start, label: 'Click', kind: 'click' }));
    const others = this.#timeline.map((m) => ({
      atMs: m.timestamp - start,
      label: m.label,
      kind: m.kind,
    }));
    this.#markers.set([...clicks, ...others], this.#state.duration);
    this.#shadeInactivity(start);
  }

  /** Moves console and network plugin events into their panels. */
  #flushConsole(): void {
    const start = this.#start();
    if (start === null) return;
    const logs: ConsoleEntry[] = [];
    const requests: NetworkEntry[] = [];
    for (const event of this.#consoleEvents.splice(0)) {
      const data = event.data as { plugin?: string; payload?: PluginPayload };
      if (data.plugin === PluginId.console)
        logs.push({
          atMs: event.timestamp - start,
          level: data.payload?.level ?? 'log',
          text: (data.payload?.payload ?? []).join(' '),
        });
      else if (data.plugin === PluginId.network)
        for (const r of data.payload?.requests ?? [])
          requests.push({
            atMs: event.timestamp - start,
            method: r.method ?? 'GET',
            url: r.url ?? '',
            status: r.status ?? null,
            durationMs: Math.round(r.duration ?? 0),
          });
    }
    this.#console.add(logs);
    this.#network.add(requests);
    this.#placeMarkers();
  }

  /** Shades stretches of more than 5 s without user input on the timeline. */
  #shadeInactivity(start: number): void {
    const duration = this.#state.duration;
    if (!duration) return;
    const times = [start, ...this.#activity.sort((a, b) => a - b), start + duration];
    const bands: HTMLElement[] = [];
    for (let i = 1; i < times.length; i++) {
      const gap = times[i]! - times[i - 1]!;
      if (gap < INACTIVE_MS) continue;
      const band = el('span', 'td-player-inactive-band');
      band.style.left = `${((times[i - 1]! - start) / duration) * 100}%`;
      band.style.width = `${(gap / duration) * 100}%`;
      band.title = 'No user activity';
      bands.push(band);
    }
    this.#inactive.replaceChildren(...bands);
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
    const wrapper = this.#replayer?.wrapper;
    const { width, height } = this.#size;
    if (!wrapper || !width || !height) return;
    const box = this.#stage.getBoundingClientRect();
    const scale = Math.min(box.width / width, box.height / height, 1);
    wrapper.style.transform = `scale(${scale})`;
    wrapper.style.transformOrigin = 'top left';
    wrapper.style.left = `${(box.width - width * scale) / 2}px`;
  }

  #update(change: Partial<PlayerState>): void {
    this.#state = Object.freeze({ ...this.#state, ...change });
    const { status, currentTime, duration } = this.#state;
    this.#button.textContent = status === 'playing' ? 'Pause' : 'Play';
    this.#button.setAttribute('aria-pressed', String(status === 'playing'));
    this.#progress.max = String(duration);
    this.#progress.value = String(currentTime);
    this.#time.textContent = `${formatTime(currentTime)} / ${formatTime(duration)}`;
    this.#markers.setDuration(duration);
    this.#console.at(currentTime);
    this.#network.at(currentTime);
    this.#root.dataset.status = status;
    for (const listener of this.#listeners) listener(this.#state);
  }
}
