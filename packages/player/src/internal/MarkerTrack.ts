import { formatTime } from './formatTime.js';

/** A moment on the timeline: a page view, a rage click, an error, a comment… */
export interface Marker {
  /** Milliseconds from the start of the recording. */
  atMs: number;
  label: string;
  /** Used as a CSS class: `td-marker-<kind>`. */
  kind: string;
}

/** The row of markers above the progress bar; clicking one seeks there. */
export class MarkerTrack {
  readonly element = document.createElement('div');
  #markers: Marker[] = [];
  #duration = 0;
  readonly #onSeek: (ms: number) => void;

  constructor(onSeek: (ms: number) => void) {
    this.#onSeek = onSeek;
    this.element.className = 'td-player-markers';
  }

  set(markers: Marker[], duration: number): void {
    this.#markers = markers;
    this.#duration = duration;
    this.#render();
  }

  setDuration(duration: number): void {
    if (duration === this.#duration) return;
    this.#duration = duration;
    this.#render();
  }

  #render(): void {
    this.element.replaceChildren(
      ...this.#markers.map((marker) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = `td-marker td-marker-${marker.kind.replace(/[^\w-]/g, '')}`;
        const at = Math.max(0, Math.min(marker.atMs, this.#duration));
        button.style.left = `${this.#duration ? (at / this.#duration) * 100 : 0}%`;
        button.title = `${formatTime(marker.atMs)} ${marker.label}`;
        button.setAttribute('aria-label', `${marker.label} at ${formatTime(marker.atMs)}`);
        button.addEventListener('click', () => this.#onSeek(marker.atMs));
        return button;
      }),
    );
  }
}
