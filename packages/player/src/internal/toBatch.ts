import { unpackEvents } from '@tapedeck/protocol';
import type { EventBatch } from '../types.js';
import type { ChunkLine } from './ndjsonLines.js';

/** A line's events as rrweb's (expanded if packed), tagged with its window when it names one. */
export function toBatch({ windowId, events }: ChunkLine): EventBatch {
  unpackEvents(events);
  return typeof windowId === 'string' ? Object.assign(events, { windowId }) : events;
}
