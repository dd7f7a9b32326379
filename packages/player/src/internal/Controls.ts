import type { PlayerState } from '../types.js';
import { el } from './el.js';
import { formatTime } from './formatTime.js';
import { MarkerTrack } from './MarkerTrack.js';

const SPEEDS = [0.5, 1, 2, 4, 8, 16];

export interface ControlActions {
  toggle(): void;
  seek(ms: number): void;
  speed(speed: number): void;
  skipInactive(skip: boolean): void;
}

/** The player's control bar: play/pause, the timeline (markers, inactivity), time, speed, skip. */
export class Controls {
  readonly element = el('div', 'td-player-controls');
  readonly markers: MarkerTrack;
  readonly #button = el('button', 'td-player-play', 'Play');
  readonly #progress = el('input', 'td-player-progress');
  readonly #time = el('span', 'td-player-time', '0:00 / 0:00');
  readonly #speed = el('select', 'td-player-speed');
  readonly #skip = el('input', 'td-player-skip');
  readonly #inactive = el('div', 'td-player-inactive');

  constructor(actions: ControlActions, options: { speed?: number; skipInactive?: boolean }) {
    this.markers = new MarkerTrack(actions.seek);
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
    timeline.append(this.#inactive, this.markers.element, this.#progress);
    this.element.append(this.#button, timeline, this.#time, this.#speed, skipLabel);
  }

  get speed(): number {
    return Number(this.#speed.value) || 1;
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

  render({ status, currentTime, duration }: PlayerState): void {
    this.#button.textContent = status === 'playing' ? 'Pause' : 'Play';
    this.#button.setAttribute('aria-pressed', String(status === 'playing'));
    this.#progress.max = String(duration);
    this.#progress.value = String(currentTime);
    this.#time.textContent = `${formatTime(currentTime)} / ${formatTime(duration)}`;
    this.markers.setDuration(duration);
  }
}
