import type { TimelineMarker } from '@tapedeck/player';
import type { CustomEvent } from './api.js';
import { formatPath } from './format.js';

/** Custom events worth a marker, and how each is labelled. */
const MARKERS: Record<string, (p: Record<string, unknown>) => string> = {
  $pageview: (p) => `Page view ${formatPath(String(p.href ?? ''))}`,
  $rageclick: (p) => `Rage click on ${p.selector ?? 'an element'}`,
  $dead_click: (p) => `Dead click on ${p.selector ?? 'an element'}`,
  $exception: (p) => `Error: ${p.message ?? ''}`,
  $mouse_thrashing: () => 'Mouse thrashing',
  $u_turn: () => 'U-turn',
  $gap: (p) =>
    `Gap: ${p.chunks ?? 'some'} chunk(s) never reached the server (${p.reason ?? 'dropped'})`,
  $recording_stopped: (p) => `Recording stopped: ${p.reason ?? ''}`,
};
// The player marks Web Vitals itself, from the recording.
const HIDDEN = new Set([
  '$identify',
  '$session_starting',
  '$session_ending',
  '$route',
  '$web_vitals',
]);
const SIGNALS = new Set(['$rageclick', '$dead_click', '$mouse_thrashing', '$u_turn']);

/** What the inspector's filter tells apart. */
export type EventKind = 'pageview' | 'custom' | 'signal' | 'error' | 'recording';

/** A moment of the session as the inspector lists it (and the timeline marks it). */
export interface SessionEvent extends TimelineMarker {
  group: EventKind;
  /** An exception's stack, as recorded. */
  stack?: string;
}

function groupOf(name: string): EventKind {
  if (name === '$pageview') return 'pageview';
  if (name === '$exception') return 'error';
  if (SIGNALS.has(name)) return 'signal';
  return name.startsWith('$') ? 'recording' : 'custom';
}

/** An event as a timeline marker and a row of the inspector; null for bookkeeping events. */
export function toSessionEvent(e: CustomEvent): SessionEvent | null {
  if (HIDDEN.has(e.name)) return null;
  const label = MARKERS[e.name];
  // A gap is reported when it is noticed; it is shown where the missing part begins.
  const from = e.name === '$gap' ? e.properties.from : undefined;
  const stack = e.properties.stack;
  return {
    timestamp: typeof from === 'number' ? from : e.timestamp,
    label: label ? label(e.properties) : e.name,
    kind: label ? e.name.slice(1) : 'custom',
    group: groupOf(e.name),
    ...(typeof stack === 'string' && stack ? { stack } : {}),
  };
}
