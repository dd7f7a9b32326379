import type { PlayerWindow } from '../types.js';
import type { Lane } from './WindowLanes.js';
import { type WindowHooks, WindowReplay } from './WindowReplay.js';
import { windowAt } from './windowAt.js';

/**
 * The windows (browser tabs) of a recording and which one is on screen: the one the user
 * acted in last, or the one picked. Times are in ms from the start of the recording (its
 * first event in any window) unless they say otherwise.
 */
export class WindowSet {
  readonly #windows: WindowReplay[] = [];
  readonly #stage: HTMLElement;
  readonly #config: { skipInactive?: boolean; speed?: number };
  readonly #hooks: WindowHooks;
  #shown: WindowReplay | undefined;
  #pinned: WindowReplay | null = null;

  constructor(
    stage: HTMLElement,
    config: { skipInactive?: boolean; speed?: number },
    hooks: WindowHooks,
  ) {
    this.#stage = stage;
    this.#config = { skipInactive: config.skipInactive, speed: config.speed };
    this.#hooks = hooks;
  }

  /** Window `id` (events given without one are all one window), made on first use. */
  get(id = ''): WindowReplay {
    let w = this.#windows.find((x) => x.id === id);
    if (!w) {
      w = new WindowReplay(id, this.#stage, this.#config, this.#hooks);
      this.#windows.push(w);
    }
    return w;
  }

  all(): readonly WindowReplay[] {
    return this.#windows;
  }

  get shown(): WindowReplay | undefined {
    return this.#shown;
  }

  get pinned(): boolean {
    return this.#pinned !== null;
  }

  /** Keeps window `id` on screen; null follows the user's activity again. */
  pin(id: string | null): void {
    const pinned = id === null ? null : this.mounted().find((w) => w.id === id);
    if (pinned === undefined)
      throw new RangeError(
        `No window ${id} in this recording: pass one of player.windows' ids, or null to follow the user's activity.`,
      );
    this.#pinned = pinned;
  }

  setConfig(config: { skipInactive?: boolean; speed?: number }): void {
    Object.assign(this.#config, config);
    for (const w of this.#windows) w.setConfig(config);
  }

  /**
   * Builds, off screen at `at` (or their own start), the windows not built yet that can show
   * a first frame (or, with `all`, any with a full snapshot).
   */
  build(at: number, all: boolean): void {
    const ws = this.#windows.filter((w) => !w.replayer && (w.ready || (all && w.hasFullSnapshot)));
    for (const w of ws) {
      w.show(false);
      w.mount();
    }
    for (const w of ws) w.pauseAt(Math.max(0, at - this.offset(w)));
  }

  /** Built windows, in the order they began. */
  mounted(): WindowReplay[] {
    return this.#windows.filter((w) => w.replayer).sort((a, b) => a.start - b.start);
  }

  /** The recording's first event, ms since the epoch. */
  start(): number {
    return Math.min(...this.mounted().map((w) => w.start));
  }

  /** Where window `w` begins. */
  offset(w: WindowReplay): number {
    return w.start - this.start();
  }

  duration(): number {
    const ends = this.mounted().map((w) => w.end);
    return ends.length > 0 ? Math.max(...ends) - this.start() : 0;
  }

  describe(): PlayerWindow[] {
    const start = this.start();
    return this.mounted().map((w, i) => ({
      id: w.id,
      label: `Tab ${i + 1}`,
      startMs: w.start - start,
      endMs: w.end - start,
    }));
  }

  /** A lane per window for the timeline (none for a recording of one window). */
  lanes(): Lane[] {
    const windows = this.mounted();
    if (windows.length < 2) return [];
    return windows.map((w, i) => ({
      id: w.id,
      label: `Tab ${i + 1}`,
      from: w.start,
      to: w.end,
      activity: w.activity.all(),
    }));
  }

  /**
   * Puts window `w` (by default the one to show at `at`) on screen at `at`, playing or paused,
   * with every event up to that moment applied. Returns the window on screen.
   */
  present(
    at: number,
    play: boolean,
    speed: number,
    w = this.#choose(at),
  ): WindowReplay | undefined {
    if (!w) return undefined;
    if (w !== this.#shown) {
      this.#shown?.show(false);
      w.show(true);
      this.#shown = w;
    }
    const local = Math.max(0, at - this.offset(w));
    if (w.needsFreshFrame(local)) {
      w.mount();
      w.pauseAt(local);
    }
    if (play) w.play(local);
    else w.pauseAt(local);
    w.sync(local, speed);
    return w;
  }

  /** The player's additions to the window on screen, as they were at `at`. */
  sync(at: number, speed: number): void {
    const w = this.#shown;
    if (w) w.sync(Math.max(0, at - this.offset(w)), speed);
  }

  /**
   * While playing, at `at` (the frame before was at `before`): when the user has gone to
   * another window, the moment to play it from (they acted there first); else undefined.
   */
  moved(at: number, before: number): { window: WindowReplay; from: number } | undefined {
    if (this.#pinned) return undefined;
    const start = this.start();
    const next = windowAt(this.mounted(), start + at);
    if (!next || next === this.#shown) return undefined;
    // Skipping inactivity may have run past that moment.
    const acted = next.activity.next(start + before);
    return { window: next, from: acted !== undefined && acted <= start + at ? acted - start : at };
  }

  /** The window on screen has ended at `at`: another still going to play on with, if any. */
  after(at: number): WindowReplay | undefined {
    if (this.#pinned) return undefined;
    const start = this.start();
    const next = windowAt(this.mounted(), start + at + 1);
    return next && next !== this.#shown && next.end > start + at ? next : undefined;
  }

  destroy(): void {
    for (const w of this.#windows) w.destroy();
  }

  #choose(at: number): WindowReplay | undefined {
    return this.#pinned ?? windowAt(this.mounted(), this.start() + at);
  }
}
