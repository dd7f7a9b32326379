import { limits } from '@tapedeck/protocol';
import type { Compress } from './compressor.js';
import { gzipSync } from './gzipSync.js';
import { forget, keep, kept } from './tailStore.js';

/** A chunk ready to send: its JSON text, serialized once when it was cut. */
export interface OutgoingChunk {
  seq: number;
  /** `sessionId:windowId:seq`, by which the server stores a chunk sent twice once. */
  key: string;
  /** Empty for a chunk kept from an earlier page, which has only its `gzip`. */
  json: string;
  /** Time span of its events, for the gap marker if it has to be dropped. */
  from: number;
  to: number;
  /** Its gzip bytes, once made. */
  gzip?: Uint8Array;
  /** Where it goes, if not to this transport's URL (a chunk kept from an earlier page). */
  url?: string;
}

export interface TransportOptions {
  url: string;
  compress: Compress;
  onError: (message: string) => void;
  /** Called with chunks dropped because the queue was full. */
  onDrop: (dropped: OutgoingChunk[]) => void;
  maxQueueBytes: number;
}

const MAX_BACKOFF_MS = 60_000;
/** Compressed size the chunks are cut for: each fits `keepalive` and leaves room for the tail. */
const TARGET_GZIP_BYTES = 24 * 1024;

const sessionOf = (chunk: OutgoingChunk) => chunk.key.split(':')[0];
const sizeOf = (chunk: OutgoingChunk) => chunk.json.length || (chunk.gzip?.length ?? 0);

/**
 * Sends chunks to `POST /s/` in order, one at a time, gzipped (in the worker as soon as they
 * are queued, so their bytes are ready when the page goes away), without credentials. Network
 * errors, 5xx and 429 are retried with exponential backoff and jitter (a `Retry-After` is
 * obeyed, so a quota answer pauses uploads); other 4xx mean the chunk can never be accepted,
 * so it is dropped and reported. A 429 with `X-Tapedeck-Limit: session` means the session is
 * full: its chunks are dropped, now and later, and the rest of the queue goes on. A chunk
 * leaves the queue only once acknowledged. The queue is bounded in bytes: past it the oldest
 * chunks are dropped and reported, so the recorder can mark the gap.
 */
export class Transport {
  readonly #options: TransportOptions;
  readonly #fetch = window.fetch.bind(window);
  #queue: OutgoingChunk[] = [];
  #bytes = 0;
  #sending = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Compressed over raw size, as last seen. */
  #ratio = 0.2;
  /** Bytes of `keepalive` requests in flight: the browser allows 64 KB of them at once. */
  #inFlight = 0;
  readonly #zips = new WeakMap<OutgoingChunk, Promise<Uint8Array | null>>();
  /** Chunks handed to the browser as the page went away, to whether the server took them. */
  readonly #handed = new WeakMap<OutgoingChunk, Promise<boolean>>();
  #drained: (() => void)[] = [];
  /** Sessions the server said are full: nothing more of theirs is sent. */
  readonly #fullSessions = new Set<string>();

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  get pending(): number {
    return this.#queue.length;
  }

  /** Raw JSON per chunk for about `TARGET_GZIP_BYTES` compressed, by the ratio seen so far. */
  get chunkChars(): number {
    return Math.min(limits.targetChunkBytes, Math.max(16_384, TARGET_GZIP_BYTES / this.#ratio));
  }

  /** Resolves once every chunk queued so far is acknowledged (or dropped as never accepted). */
  drain(): Promise<void> {
    return this.#queue.length
      ? new Promise((resolve) => this.#drained.push(resolve))
      : Promise.resolve();
  }

  /** Queues the chunks an earlier page of this site could not confirm sent. */
  resendKept(): void {
    for (const { key, url, gzip } of kept())
      this.send({ seq: Number(key.split(':')[2]), key, json: '', from: 0, to: 0, gzip, url });
  }

  send(chunk: OutgoingChunk): void {
    if (this.#fullSessions.has(sessionOf(chunk)!)) return;
    this.#queue.push(chunk);
    this.#bytes += sizeOf(chunk);
    void this.#zip(chunk);
    const max = this.#options.maxQueueBytes;
    const dropped: OutgoingChunk[] = [];
    // Never drop the one being posted right now, nor the newest.
    const first = this.#sending ? 1 : 0;
    while (this.#bytes > max && this.#queue.length > first + 1) {
      const [old] = this.#queue.splice(first, 1);
      if (!old) break;
      this.#bytes -= sizeOf(old);
      forget(old.key);
      dropped.push(old);
    }
    if (dropped.length) this.#options.onDrop(dropped);
    void this.#pump();
  }

  /**
   * The page is going away (or may be: it is hidden): hand the unacknowledged chunks, gzipped
   * here if the worker has not yet, to the browser, which sends them after the page is gone,
   * as far as its 64 KB allowance for that goes: in order, the one in flight last (it may
   * still arrive by itself). Each is a `keepalive` fetch with `credentials: 'omit'` and a
   * text/plain body (no CORS preflight, no cookies, cross-origin too; the server tells gzip
   * by its bytes), and is also kept on the device until acknowledged, for the next page load
   * to send should the server be out of reach; the server drops a chunk that arrives twice.
   */
  handOff(): void {
    let budget = limits.beaconBytes - this.#inFlight;
    const [first, ...rest] = this.#queue;
    for (const chunk of this.#sending && first ? [...rest, first] : this.#queue) {
      const url = chunk.url ?? this.#options.url;
      chunk.gzip ??= gzipSync(chunk.json);
      const gzip = chunk.gzip;
      keep({ key: chunk.key, url, gzip });
      if (this.#handed.has(chunk) || gzip.length > budget) continue;
      budget -= gzip.length;
      const handed = this.#postBody(url, gzip, true).then(
        (response) => response.ok,
        () => false,
      );
      this.#handed.set(chunk, handed);
      void handed.then(() => this.#pump());
    }
  }

  /** A POST; while in flight, a `keepalive` one counts toward the browser's allowance. */
  async #postBody(url: string, body: Uint8Array | string, keepalive: boolean) {
    const bytes = keepalive ? body.length : 0;
    this.#inFlight += bytes;
    try {
      return await this.#fetch(url, {
        method: 'POST',
        // text/plain needs no CORS preflight; the server reads the body by its bytes.
        headers: { 'Content-Type': 'text/plain' },
        body: body as BodyInit,
        credentials: 'omit',
        keepalive,
      });
    } finally {
      this.#inFlight -= bytes;
    }
  }

  #zip(chunk: OutgoingChunk): Promise<Uint8Array | null> {
    let zipping = this.#zips.get(chunk);
    if (!zipping) {
      zipping = chunk.gzip
        ? Promise.resolve(chunk.gzip)
        : this.#options.compress(chunk.json).then((bytes) => {
            if (bytes && !chunk.gzip) {
              chunk.gzip = bytes;
              this.#ratio = Math.max(0.01, bytes.length / Math.max(1, chunk.json.length));
            }
            return chunk.gzip ?? null;
          });
      this.#zips.set(chunk, zipping);
    }
    return zipping;
  }

  async #pump(): Promise<void> {
    if (this.#sending || this.#retryTimer) return;
    this.#sending = true;
    try {
      for (let chunk = this.#queue[0]; chunk; chunk = this.#queue[0]) {
        const handed = this.#handed.get(chunk);
        const retryAfterMs = handed && (await handed) ? null : await this.#post(chunk);
        if (retryAfterMs !== null) {
          this.#scheduleRetry(retryAfterMs);
          return;
        }
        this.#attempt = 0;
        forget(chunk.key);
        const at = this.#queue.indexOf(chunk);
        if (at >= 0) {
          this.#queue.splice(at, 1);
          this.#bytes -= sizeOf(chunk);
        }
      }
    } finally {
      this.#sending = false;
      if (!this.#queue.length) for (const resolve of this.#drained.splice(0)) resolve();
    }
  }

  /** Null when the chunk is done with; otherwise how long the server asked us to wait. */
  async #post(chunk: OutgoingChunk): Promise<number | null> {
    const { onError } = this.#options;
    const url = chunk.url ?? this.#options.url;
    let response: Response;
    try {
      const zipped = await this.#zip(chunk);
      const body = zipped ?? chunk.json;
      response = await this.#postBody(
        zipped ? `${url}&compression=gzip` : url,
        body,
        this.#inFlight + body.length <= limits.beaconBytes,
      );
    } catch {
      return 0;
    }
    if (response.ok) return null;
    if (response.status === 429 && response.headers.get('X-Tapedeck-Limit') === 'session') {
      this.#stopSession(chunk, await response.text().catch(() => ''));
      return null;
    }
    if (response.status === 429 || response.status >= 500) {
      const seconds = Number(response.headers.get('Retry-After'));
      if (response.headers.get('X-Tapedeck-Quota'))
        onError('The project is over its recording quota: uploads are paused.');
      return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
    }
    const message = await response.text().catch(() => '');
    onError(`The server refused chunk ${chunk.seq} (${response.status}): ${message}`);
    return null;
  }

  /** The server will take nothing more of this session: drop its chunks, now and later. */
  #stopSession(chunk: OutgoingChunk, message: string): void {
    const session = sessionOf(chunk)!;
    this.#fullSessions.add(session);
    // The chunk being posted leaves the queue in #pump; the session's others go now.
    this.#queue = this.#queue.filter((queued) => {
      const stays = queued === chunk || sessionOf(queued) !== session;
      if (!stays) {
        this.#bytes -= sizeOf(queued);
        forget(queued.key);
      }
      return stays;
    });
    this.#options.onError(
      `The server stopped this session (it reached a limit); its later chunks are not sent: ${message}`,
    );
  }

  #scheduleRetry(retryAfterMs: number): void {
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.#attempt);
    this.#attempt += 1;
    const delay = Math.max(retryAfterMs, base / 2 + Math.random() * (base / 2));
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#pump();
    }, delay);
  }

  /** Stops retrying (the queue is kept, so a later send resumes). */
  dispose(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }
}
