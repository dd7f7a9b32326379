import { EventType, limits, type RecordedEvent } from '@tapedeck/protocol';
import {
  type ChunkEnvelope,
  cutChunks,
  cutGzipped,
  type SerializedEvent,
  serialize,
} from './cutChunks.js';
import type { Transport } from './Transport.js';

/**
 * - `send`: events go out every flush;
 * - `hold`: kept in memory until switched to send (minimum duration);
 * - `ring`: only the last `ringMs` are kept (triggers, buffer-until-error);
 * - `off`: dropped (a session that is not sampled in).
 */
export type Mode = 'send' | 'hold' | 'ring' | 'off';

/** Gzip bytes per request the browser takes while the page goes away, less the envelope. */
const EXIT_CHUNK_BYTES = limits.beaconBytes - 1024;
/**
 * How long recorded events wait to be serialized, together. rrweb emits in many small tasks
 * (each mutation batch, each batch of mouse moves): a timer for each cost half as much again
 * as the serializing. What still waits when the page goes away is serialized then.
 */
const SERIALIZE_AFTER_MS = 250;

/**
 * The recorder's buffer: what is kept, and when it becomes chunks for the transport. Each
 * event is serialized once, with JSON.stringify (in Chromium cheaper than the structured
 * clone that handing objects to the worker would take; a string goes to the worker almost
 * for free), in a task of its own within `SERIALIZE_AFTER_MS` (not inside rrweb's, which a
 * full snapshot already makes long), so the buffer knows its size: when sending, a chunk's
 * worth goes out at once instead of waiting for the next flush, so the part of a recording
 * still on the page when the visitor leaves stays small.
 */
export class Pipeline {
  readonly #transport: Transport;
  readonly #envelope: () => ChunkEnvelope;
  readonly #nextSeq: () => number;
  #events: SerializedEvent[] = [];
  #chars = 0;
  /** Recorded, not yet serialized. */
  #fresh: RecordedEvent[] = [];
  #soon: ReturnType<typeof setTimeout> | undefined;
  mode: Mode = 'hold';
  ringMs = 0;

  constructor(transport: Transport, envelope: () => ChunkEnvelope, nextSeq: () => number) {
    this.#transport = transport;
    this.#envelope = envelope;
    this.#nextSeq = nextSeq;
  }

  push(event: RecordedEvent): void {
    if (this.mode === 'off') return;
    this.#fresh.push(event);
    this.#soon ??= setTimeout(() => {
      if (this.#serialize() >= this.#transport.chunkChars) this.flush();
    }, SERIALIZE_AFTER_MS);
  }

  /** In ring mode, drops what is older than `ringMs`, keeping a full snapshot to start from. */
  trim(now = Date.now()): void {
    if (this.mode !== 'ring') return;
    this.#serialize();
    const cutoff = now - this.ringMs;
    let start = 0;
    for (let i = 0; i < this.#events.length; i++) {
      const event = this.#events[i]!;
      if (event.timestamp > cutoff) break;
      if (event.type === EventType.Meta) start = i;
    }
    if (start > 0) this.discard(start);
  }

  /** Sends what is buffered, if sending. */
  flush(): void {
    const events = this.#take();
    for (const chunk of cutChunks(
      events,
      this.#envelope(),
      this.#transport.chunkChars,
      this.#nextSeq,
    ))
      this.#transport.send(chunk);
  }

  /**
   * The page is going away, or hidden (it may never be shown again): the rest is gzipped here
   * and now, in chunks the browser can still send, and everything unacknowledged is handed
   * to the browser and kept on the device.
   */
  handOff(): void {
    const events = this.#take();
    const chunks = cutGzipped(
      events,
      this.#envelope(),
      this.#transport.chunkChars,
      EXIT_CHUNK_BYTES,
      this.#nextSeq,
    );
    for (const chunk of chunks) this.#transport.send(chunk);
    this.#transport.handOff();
  }

  /** Forgets what is buffered (opt-out, a session that never qualified), or its first `count`. */
  discard(count?: number): void {
    this.#serialize();
    for (const event of this.#events.splice(0, count ?? this.#events.length))
      this.#chars -= event.json.length;
  }

  get size(): number {
    return this.#events.length + this.#fresh.length;
  }

  /** Serializes what was recorded since; returns the characters buffered. */
  #serialize(): number {
    clearTimeout(this.#soon);
    this.#soon = undefined;
    for (const event of this.#fresh.splice(0)) {
      const serialized = serialize(event);
      this.#events.push(serialized);
      this.#chars += serialized.json.length;
    }
    return this.#chars;
  }

  #take(): SerializedEvent[] {
    this.#serialize();
    if (this.mode !== 'send') return [];
    const events = this.#events;
    this.#events = [];
    this.#chars = 0;
    return events;
  }
}
