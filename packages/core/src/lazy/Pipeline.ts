import { EventType, limits, type RecordedEvent } from '@tapedeck/protocol';
import { type ChunkEnvelope, cutChunks } from './cutChunks.js';
import type { Transport } from './Transport.js';

/**
 * - `send`: events go out every flush;
 * - `hold`: kept in memory until switched to send (minimum duration);
 * - `ring`: only the last `ringMs` are kept (triggers, buffer-until-error);
 * - `off`: dropped (a session that is not sampled in).
 */
export type Mode = 'send' | 'hold' | 'ring' | 'off';

/** Beacon-sized chunks leave room for the envelope and multi-byte characters. */
const BEACON_CHUNK_CHARS = Math.floor(limits.beaconBytes * 0.7);

/** The recorder's buffer: what is kept, and when it becomes chunks for the transport. */
export class Pipeline {
  readonly #transport: Transport;
  readonly #envelope: () => ChunkEnvelope;
  readonly #nextSeq: () => number;
  #events: RecordedEvent[] = [];
  mode: Mode = 'hold';
  ringMs = 0;

  constructor(transport: Transport, envelope: () => ChunkEnvelope, nextSeq: () => number) {
    this.#transport = transport;
    this.#envelope = envelope;
    this.#nextSeq = nextSeq;
  }

  push(event: RecordedEvent): void {
    if (this.mode !== 'off') this.#events.push(event);
  }

  /** In ring mode, drops what is older than `ringMs`, keeping a full snapshot to start from. */
  trim(now = Date.now()): void {
    if (this.mode !== 'ring') return;
    const cutoff = now - this.ringMs;
    let start = 0;
    for (let i = 0; i < this.#events.length; i++) {
      const event = this.#events[i]!;
      if (event.timestamp > cutoff) break;
      if (event.type === EventType.Meta) start = i;
    }
    if (start > 0) this.#events.splice(0, start);
  }

  /** Sends what is buffered, if sending. */
  flush(maxChars: number = limits.targetChunkBytes): void {
    if (this.mode !== 'send' || this.#events.length === 0) return;
    const events = this.#events;
    this.#events = [];
    for (const chunk of cutChunks(events, this.#envelope(), maxChars, this.#nextSeq))
      this.#transport.send(chunk);
  }

  /** The page is going away: send the rest in beacon-sized chunks. */
  pagehide(): void {
    this.flush(BEACON_CHUNK_CHARS);
    this.#transport.sendAllWithBeacon();
  }

  /** Forgets everything buffered (opt-out, a session that never qualified). */
  discard(): void {
    this.#events = [];
  }

  get size(): number {
    return this.#events.length;
  }
}
