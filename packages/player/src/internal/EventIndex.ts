import {
  EventType,
  IncrementalSource,
  isUserActivity,
  MouseInteraction,
  PluginId,
  type RecordedEvent,
} from '@tapedeck/protocol';
import type { ConsoleEntry } from './ConsolePanel.js';
import type { NetworkEntry } from './NetworkPanel.js';
import { type VitalMarker, vitalMarker } from './vitalMarker.js';

/** Gaps without user input longer than this are shaded as inactive. */
const INACTIVE_MS = 5000;

interface PluginPayload {
  level?: string;
  payload?: string[];
  requests?: { method?: string; url?: string; status?: number; duration?: number }[];
}

/** What the player reads out of the events besides the replay: clicks, activity, logs, requests. */
export class EventIndex {
  /** Times (ms since epoch) of clicks and of any user activity. */
  readonly clicks: number[] = [];
  /** Web Vitals, as timeline markers. */
  readonly vitals: VitalMarker[] = [];
  readonly #activity: number[] = [];
  #plugins: RecordedEvent[] = [];

  add(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (event.type === EventType.Plugin) this.#plugins.push(event);
      else if (event.type === EventType.Custom) {
        const vital = vitalMarker(event);
        if (vital) this.vitals.push(vital);
      } else if (isUserActivity(event)) {
        this.#activity.push(event.timestamp);
        const data = event.data as { source?: number; type?: number };
        if (
          data.source === IncrementalSource.MouseInteraction &&
          data.type === MouseInteraction.Click
        )
          this.clicks.push(event.timestamp);
      }
    }
  }

  /** Console and network entries not taken yet, timed from `start`. */
  takePlugins(start: number): { logs: ConsoleEntry[]; requests: NetworkEntry[] } {
    const logs: ConsoleEntry[] = [];
    const requests: NetworkEntry[] = [];
    for (const event of this.#plugins.splice(0)) {
      const data = event.data as { plugin?: string; payload?: PluginPayload };
      const atMs = event.timestamp - start;
      if (data.plugin === PluginId.console)
        logs.push({
          atMs,
          level: data.payload?.level ?? 'log',
          text: (data.payload?.payload ?? []).join(' '),
        });
      else if (data.plugin === PluginId.network)
        for (const r of data.payload?.requests ?? [])
          requests.push({
            atMs,
            method: r.method ?? 'GET',
            url: r.url ?? '',
            status: r.status ?? null,
            durationMs: Math.round(r.duration ?? 0),
          });
    }
    return { logs, requests };
  }

  /** Stretches of more than 5 s without user input, in ms from `start`. */
  inactive(start: number, duration: number): { fromMs: number; toMs: number }[] {
    const times = [start, ...this.#activity.sort((a, b) => a - b), start + duration];
    const bands: { fromMs: number; toMs: number }[] = [];
    for (let i = 1; i < times.length; i++)
      if (times[i]! - times[i - 1]! >= INACTIVE_MS)
        bands.push({ fromMs: times[i - 1]! - start, toMs: times[i]! - start });
    return bands;
  }
}
