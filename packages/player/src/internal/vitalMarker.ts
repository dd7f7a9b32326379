import {
  EventType,
  isWebVitalName,
  MAX_VITAL_VALUE,
  type RecordedEvent,
  rateVital,
  TapedeckEvent,
} from '@tapedeck/protocol';

/** A Web Vital as a timeline marker: where it was reported, what it measured, how it rates. */
export interface VitalMarker {
  timestamp: number;
  label: string;
  /** `vital-good`, `vital-needs-improvement` or `vital-poor`. */
  kind: string;
}

const format = (name: string, value: number) =>
  name === 'CLS'
    ? value.toFixed(3)
    : value < 1000
      ? `${Math.round(value)} ms`
      : `${(value / 1000).toFixed(2)} s`;

/**
 * The marker of a `$web_vitals` event, rated with web.dev's thresholds (not the recording's
 * word for it); null for any other event or a malformed one.
 */
export function vitalMarker(event: RecordedEvent): VitalMarker | null {
  if (event.type !== EventType.Custom) return null;
  const data = event.data as { tag?: unknown; payload?: Record<string, unknown> };
  if (data.tag !== TapedeckEvent.webVitals || !data.payload) return null;
  const { name, value, element } = data.payload;
  if (
    !isWebVitalName(name) ||
    typeof value !== 'number' ||
    !(value >= 0 && value <= MAX_VITAL_VALUE)
  )
    return null;
  const rating = rateVital(name, value);
  const on = typeof element === 'string' && element ? ` on ${element.slice(0, 200)}` : '';
  return {
    timestamp: event.timestamp,
    label: `${name} ${format(name, value)} (${rating.replace('-', ' ')})${on}`,
    kind: `vital-${rating}`,
  };
}
