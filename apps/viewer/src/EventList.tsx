import { formatTime } from '@tapedeck/player';
import { useEffect, useRef, useState } from 'react';
import type { EventKind, SessionEvent } from './sessionEvents.js';

const FILTERS: { kind: EventKind | 'all'; label: string }[] = [
  { kind: 'all', label: 'All' },
  { kind: 'pageview', label: 'Page views' },
  { kind: 'custom', label: 'Custom' },
  { kind: 'signal', label: 'Signals' },
  { kind: 'error', label: 'Errors' },
];

interface Props {
  events: SessionEvent[];
  /** The recording's start (ms since the epoch), which event times count from. */
  start: number;
  /** The player's current time, in ms from the start. */
  now: number;
  seek: (ms: number) => void;
}

/**
 * The session's events in time order (page views, custom events, signals, exceptions with their
 * stack), filtered by kind; the one at the current time is highlighted, a click goes there.
 */
export function EventList({ events, start, now, seek }: Props) {
  const [filter, setFilter] = useState<EventKind | 'all'>('all');
  const shown = events.filter((e) => filter === 'all' || e.group === filter);
  let current = -1;
  shown.forEach((e, i) => {
    if (e.timestamp - start <= now) current = i;
  });
  const list = useRef<HTMLOListElement>(null);
  // The row at the current time stays in sight as playback moves on.
  useEffect(() => {
    if (current < 0) return;
    list.current?.querySelector('[aria-current="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);
  return (
    <div className="event-list">
      <fieldset className="chips" aria-label="Show events of kind">
        {FILTERS.map((f) => {
          const count = events.filter((e) => f.kind === 'all' || e.group === f.kind).length;
          return (
            <button
              key={f.kind}
              type="button"
              className="chip"
              aria-pressed={filter === f.kind}
              onClick={() => setFilter(f.kind)}
            >
              {f.label} <span className="count">{count}</span>
            </button>
          );
        })}
      </fieldset>
      {shown.length === 0 && <p className="muted pad">No events of this kind.</p>}
      <ol ref={list}>
        {shown.map((e, i) => (
          <li
            key={`${e.timestamp}-${e.kind}-${e.label}`}
            className={`event event-${e.group}${i > current ? ' future' : ''}`}
            aria-current={i === current ? 'true' : undefined}
          >
            <button type="button" onClick={() => seek(e.timestamp - start)}>
              <span className="at">{formatTime(e.timestamp - start)}</span>
              <span className={`dot dot-${e.group}`} aria-hidden="true" />
              <span className="label">{e.label}</span>
            </button>
            {e.stack && <pre className="stack">{e.stack}</pre>}
          </li>
        ))}
      </ol>
    </div>
  );
}
