import type { RecordedEvent } from '@tapedeck/protocol';
import type { TimelineMarker } from '../types.js';
import { ConsolePanel } from './ConsolePanel.js';
import type { Controls } from './Controls.js';
import { EventIndex } from './EventIndex.js';
import { NetworkPanel } from './NetworkPanel.js';
import type { WindowSet } from './WindowSet.js';

/**
 * What the player shows beside the replay: markers, inactivity and a lane per window on the
 * timeline, and the recorded console and network requests following playback.
 */
export class Annotations {
  readonly #console = new ConsolePanel();
  readonly #network = new NetworkPanel();
  readonly #index = new EventIndex();
  /** Markers with absolute timestamps, placed once the recording's start is known. */
  #timeline: TimelineMarker[] = [];
  readonly #controls: Controls;

  constructor(controls: Controls) {
    this.#controls = controls;
  }

  get elements(): HTMLElement[] {
    return [this.#console.element, this.#network.element];
  }

  add(events: readonly RecordedEvent[]): void {
    this.#index.add(events);
  }

  setMarkers(markers: TimelineMarker[]): void {
    this.#timeline = markers;
  }

  /** Console and network events so far into their panels, and the timeline placed. */
  take(windows: WindowSet, duration: number): void {
    const { logs, requests } = this.#index.takePlugins(windows.start());
    this.#console.add(logs);
    this.#network.add(requests);
    this.place(windows, duration);
  }

  place(windows: WindowSet, duration: number): void {
    const start = windows.start();
    this.#controls.markers.set(this.#index.markers(this.#timeline, start), duration);
    if (duration) this.#controls.shade(this.#index.inactive(start, duration), duration);
    this.#controls.lanes.set(windows.lanes(), start, duration);
  }

  /** The panels as they were at `ms`. */
  at(ms: number): void {
    this.#console.at(ms);
    this.#network.at(ms);
  }
}
