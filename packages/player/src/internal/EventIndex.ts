import {
  EventType,
  IncrementalSource,
  isUserActivity,
  MouseInteraction,
  PluginId,
  type RecordedEvent,
} from '@tapedeck/protocol';
import type { TimelineMarker } from '../types.js';
import type { ConsoleEntry } from './ConsolePanel.js';
import type { Marker } from './MarkerTrack.js';
import type { NetworkEntry } from './NetworkPanel.js';
import { type VitalMarker, vitalMarker } from './vitalMarker.js';

/** Gaps without user input longer than this are shaded as inactive. */
const INACTIVE_MS = 5000;

interface PluginPayload {
  level?: string;
  payload?: string[];
  requests?: {
    method?: string;
    url?: string;
    status?: number;
    duration?: number;
    initiatorType?: string;
    requestHeaders?: Record<string, string>;
    responseHeaders?: Record<string, string>;
    requestBody?: string;
    responseBody?: string;
  }[];
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

  /** The clicks, Web Vitals and `timeline`'s markers, timed from `start`. */
  markers(timeline: readonly TimelineMarker[], start: number): Marker[] {
    return [
      ...this.clicks.map((t) => ({ atMs: t - start, label: 'Click', kind: 'click' })),
      ...this.vitals.map((m) => ({ ...m, atMs: m.timestamp - start })),
      ...timeline.map((m) => ({ atMs: m.timestamp - start, label: m.label, kind: m.kind })),
    ];
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
            ...(r.initiatorType ? { initiator: r.initiatorType } : {}),
            ...(r.requestHeaders ? { requestHeaders: r.requestHeaders } : {}),
            ...(r.responseHeaders ? { responseHeaders: r.responseHeaders } : {}),
            ...(typeof r.requestBody === 'string' ? { requestBody: r.requestBody } : {}),
            ...(typeof r.responseBody === 'string' ? { responseBody: r.responseBody } : {}),
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
