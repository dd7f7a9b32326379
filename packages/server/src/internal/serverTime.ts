import type { RecordingChunk } from '@tapedeck/protocol';
import { HttpError } from './HttpError.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A clock this far ahead of ours, or behind, is wrong: the chunk is moved onto our clock. */
const AHEAD_MS = MINUTE;
const BEHIND_MS = DAY;
/** An event may be this much older than its chunk's `sentAt` (a chunk spans seconds). */
const SPAN_MS = DAY;

/**
 * Puts a chunk on the server's clock. A client whose clock is ahead (or more than a day
 * behind) has its events moved by the difference between its `sentAt` and the time the
 * chunk arrived; then every event must lie within a day before `sentAt` and not after it,
 * or the chunk is refused with a 400 naming the event. So nothing can be dated in the
 * future, and what sorts sessions and ends retention stays near the server's time. A chunk
 * timed in fractions of a millisecond is rounded (and so stored as moved).
 */
export function onServerClock(
  chunk: RecordingChunk,
  receivedAt: number,
): { chunk: RecordingChunk; moved: boolean } {
  const skew = receivedAt - chunk.sentAt;
  const wrongClock = skew < -AHEAD_MS || skew > BEHIND_MS;
  // The index keeps whole milliseconds: a chunk timed in fractions is stored rounded.
  const fractional =
    !Number.isInteger(chunk.sentAt) || chunk.events.some((e) => !Number.isInteger(e.timestamp));
  const moved = wrongClock || fractional;
  const shift = wrongClock ? skew : 0;
  const placed = moved
    ? {
        ...chunk,
        sentAt: wrongClock ? receivedAt : Math.round(chunk.sentAt),
        events: chunk.events.map((e) => ({ ...e, timestamp: Math.round(e.timestamp + shift) })),
      }
    : chunk;
  const latest = placed.sentAt + AHEAD_MS;
  const earliest = placed.sentAt - SPAN_MS;
  placed.events.forEach((event, i) => {
    if (event.timestamp > latest || event.timestamp < earliest)
      throw new HttpError(
        400,
        `Invalid chunk: events[${i}].timestamp (${iso(event.timestamp)}) is not within a day before the chunk's sentAt (${iso(placed.sentAt)}); timestamps are ms since the epoch on the device's clock, as sentAt is.`,
      );
  });
  return { chunk: placed, moved };
}

const iso = (ms: number) => {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
};
