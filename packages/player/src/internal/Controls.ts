import type { PlayerState } from '../types.js';
import { el } from './el.js';
import { formatTime } from './formatTime.js';
import { MarkerTrack } from './MarkerTrack.js';
import { WindowLanes } from './WindowLanes.js';
import { WindowPicker } from './WindowPicker.js';

/** The speeds the player offers, slowest first. */
export const SPEEDS = [0.5, 1, 2, 4, 8, 16];

export interface ControlActions {
  toggle(): void;
  seek(ms: number): void;
  speed(speed: number): void;
  skipInactive(skip: boolean): void;
  /** A window to keep on screen, or null to follow the user's activity. */
  window(windowId: string | null): void;
}

/**
 * The player's control bar: play/pause, the timeline (markers, inactivity, a lane per window),
 * time, speed, skip, and the window shown.
 */
export class Controls {
  readonly element = el('div', 'td-player-controls');
  readonly markers: MarkerTrack;
  readonly lanes = new WindowLanes();
  readonly #picker: WindowPicker;
  readonly #button = el('button', 'td-player-play', 'Play');
  readonly #progress = el('input', 'td-player-progress');
  readonly #time = el('span', 'td-player-time', '0:00 / 0:00');
  readonly #speed = el('select', 'td-player-speed');
  readonly #skip = el('input', 'td-player-skip');
  readonly #inactive = el('div', 'td-player-inactive');
  #windowId: string | null = null;
  readonly #actions: ControlActions;

  constructor(
    actions: ControlActions,
    options: { speed?: number; skipInactive?: boolean; windowPicker?: boolean },
  ) {
    this.#actions = actions;
    this.markers = new MarkerTrack(actions.seek);
    this.#picker = new WindowPicker(actions.window, options.windowPicker ?? true);
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
    this.#button.addEventListener('click', () => actions.toggle());
    this.#progress.addEventListener('input', () => actions.seek(Number(this.#progress.value)));
    this.#speed.addEventListener('change', () => actions.speed(this.speed));
    this.#skip.addEventListener('change', () => actions.skipInactive(this.#skip.checked));
    const timeline = el('div', 'td-player-timeline');
    timeline.append(this.#inactive, this.lanes.element, this.markers.element, this.#progress);
    this.element.append(
      this.#button,
      timeline,
      this.#time,
      this.#speed,
      skipLabel,
      this.#picker.element,
    );
  }

  get speed(): number {
    return Number(this.#speed.value) || 1;
  }

  get config(): { speed: number; skipInactive: boolean } {
    return { speed: this.speed, skipInactive: this.#skip.checked };
  }

  /** As if picked in the speed menu (one of `SPEEDS`) and ticked in the checkbox. */
  configure({ speed, skipInactive }: { speed?: number; skipInactive?: boolean }): void {
    if (speed !== undefined && !SPEEDS.includes(speed))
      throw new RangeError(`speed must be one of ${SPEEDS.join(', ')}.`);
    if (speed !== undefined && speed !== this.speed) {
      this.#speed.value = String(speed);
      this.#actions.speed(speed);
    }
    if (skipInactive !== undefined && skipInactive !== this.#skip.checked) {
      this.#skip.checked = skipInactive;
      this.#actions.skipInactive(skipInactive);
    }
  }

  enable(): void {
    this.#button.disabled = false;
  }

  /** Shades the stretches `[fromMs, toMs]` with no user activity. */
  shade(bands: { fromMs: number; toMs: number }[], duration: number): void {
    this.#inactive.replaceChildren(
      ...bands.map(({ fromMs, toMs }) => {
        const band = el('span', 'td-player-inactive-band');
        band.style.left = `${(fromMs / duration) * 100}%`;
        band.style.width = `${((toMs - fromMs) / duration) * 100}%`;
        band.title = 'No user activity';
        return band;
      }),
    );
  }

  render(state: PlayerState): void {
    const { status, currentTime, duration, windowId } = state;
    this.#button.textContent = status === 'playing' ? 'Pause' : 'Play';
    this.#button.setAttribute('aria-pressed', String(status === 'playing'));
    this.#progress.max = String(duration);
    this.#progress.value = String(currentTime);
    this.#time.textContent = `${formatTime(currentTime)} / ${formatTime(duration)}`;
    this.markers.setDuration(duration);
    this.#picker.render(state);
    if (windowId !== this.#windowId) this.lanes.current(windowId);
    this.#windowId = windowId;
  }
}
