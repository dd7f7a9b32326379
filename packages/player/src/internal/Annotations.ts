import type { RecordedEvent } from '@tapedeck/protocol';
import type { TimelineMarker } from '../types.js';
import type { Controls } from './Controls.js';
import { EventIndex } from './EventIndex.js';
import { Panels } from './Panels.js';
import type { WindowSet } from './WindowSet.js';

/**
 * What the player shows beside the replay: markers, inactivity and a lane per window on the
 * timeline, and the recorded console and network requests following playback.
 */
export class Annotations {
  readonly #panels = new Panels();
  readonly #index = new EventIndex();
  /** Markers with absolute timestamps, placed once the recording's start is known. */
  #timeline: TimelineMarker[] = [];
  readonly #controls: Controls;

  constructor(controls: Controls) {
    this.#controls = controls;
  }

  /** The console and network panels (under the controls until a host places them). */
  get panels(): { readonly console: HTMLElement; readonly network: HTMLElement } {
    return this.#panels.elements;
  }

  add(events: readonly RecordedEvent[]): void {
    this.#index.add(events);
  }

  setMarkers(markers: TimelineMarker[]): void {
    this.#timeline = markers;
  }

  /** Console and network events so far into their panels, and the timeline placed. */
  take(windows: WindowSet, duration: number): void {
    this.#panels.add(this.#index.takePlugins(windows.start()));
    this.place(windows, duration);
  }

  place(windows: WindowSet, duration: number): void {
    const start = windows.start();
    this.#controls.markers.set(this.#index.markers(this.#timeline, start), duration);
    if (duration) this.#controls.shade(this.#index.inactive(start, duration), duration);
    this.#controls.lanes.set(windows.lanes(), start, duration);
  }

  /** The panels as they were at `ms`. */
  at(ms: number, duration: number): void {
    this.#panels.at(ms, duration);
  }

  remove(): void {
    this.#panels.remove();
  }
}
