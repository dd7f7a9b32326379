import { limits } from '@tapedeck/protocol';
import type { Compress } from './compressor.js';

/** A chunk ready to send: its JSON text, serialized once when it was cut. */
export interface OutgoingChunk {
  seq: number;
  json: string;
  /** Time span of its events, for the gap marker if it has to be dropped. */
  from: number;
  to: number;
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

/** The session a chunk belongs to, read from the head of its JSON (no parse). */
const sessionOf = (chunk: OutgoingChunk) =>
  /"sessionId":"([^"]*)"/.exec(chunk.json.slice(0, 500))?.[1];

/** `fetch` with `keepalive` outlives the page, and unlike `sendBeacon` can leave cookies out. */
const keepaliveFetch = () => typeof Request === 'function' && 'keepalive' in Request.prototype;

/**
 * Sends chunks to `POST /s/` in order, one at a time, gzipped, without credentials. Network
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
  /** Sessions the server said are full: nothing more of theirs is sent. */
  readonly #fullSessions = new Set<string>();

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  get pending(): number {
    return this.#queue.length;
  }

  send(chunk: OutgoingChunk): void {
    const session = sessionOf(chunk);
    if (session !== undefined && this.#fullSessions.has(session)) return;
    this.#queue.push(chunk);
    this.#bytes += chunk.json.length;
    const max = this.#options.maxQueueBytes;
    const dropped: OutgoingChunk[] = [];
    // Never drop the one being posted right now, nor the newest.
    const first = this.#sending ? 1 : 0;
    while (this.#bytes > max && this.#queue.length > first + 1) {
      const [old] = this.#queue.splice(first, 1);
      if (!old) break;
      this.#bytes -= old.json.length;
      dropped.push(old);
    }
    if (dropped.length) this.#options.onDrop(dropped);
    void this.#pump();
  }

  /**
   * The page is going away: hand every unacknowledged chunk to the browser, which sends it
   * after the page is gone. A `keepalive` fetch with `credentials: 'omit'` and a text/plain
   * body (no CORS preflight, no cookies, cross-origin too); `sendBeacon`, which always sends
   * cookies, only where keepalive is missing. The browser allows 64 KB in flight this way.
   * The server drops any chunk that also arrives by the normal path.
   */
  sendAllWithBeacon(): void {
    const viaFetch = keepaliveFetch();
    if (!viaFetch && typeof navigator.sendBeacon !== 'function') return;
    let budget = limits.beaconBytes;
    this.#queue = this.#queue.filter((chunk) => {
      const blob = new Blob([chunk.json], { type: 'text/plain' });
      if (blob.size > budget) return true;
      let sent = true;
      if (viaFetch)
        this.#fetch(this.#options.url, {
          method: 'POST',
          body: blob,
          credentials: 'omit',
          keepalive: true,
          mode: 'cors',
        }).catch(() => {});
      else sent = navigator.sendBeacon(this.#options.url, blob);
      if (sent) {
        budget -= blob.size;
        this.#bytes -= chunk.json.length;
      }
      return !sent;
    });
  }

  async #pump(): Promise<void> {
    if (this.#sending || this.#retryTimer) return;
    this.#sending = true;
    try {
      for (let chunk = this.#queue[0]; chunk; chunk = this.#queue[0]) {
        const retryAfterMs = await this.#post(chunk);
        if (retryAfterMs !== null) {
          this.#scheduleRetry(retryAfterMs);
          return;
        }
        this.#attempt = 0;
        const at = this.#queue.indexOf(chunk);
        if (at >= 0) {
          this.#queue.splice(at, 1);
          this.#bytes -= chunk.json.length;
        }
      }
    } finally {
      this.#sending = false;
    }
  }

  /** Null when the chunk is done with; otherwise how long the server asked us to wait. */
  async #post(chunk: OutgoingChunk): Promise<number | null> {
    const { url, compress, onError } = this.#options;
    let response: Response;
    try {
      const zipped = await compress(chunk.json);
      const body = zipped ?? chunk.json;
      response = await this.#fetch(zipped ? `${url}&compression=gzip` : url, {
        method: 'POST',
        // text/plain needs no CORS preflight; the server reads the body by its bytes.
        headers: { 'Content-Type': 'text/plain' },
        body: body as BodyInit,
        credentials: 'omit',
        keepalive: body.length <= limits.beaconBytes,
      });
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
    const session = sessionOf(chunk);
    if (session === undefined) return;
    this.#fullSessions.add(session);
    // The chunk being posted leaves the queue in #pump; the session's others go now.
    this.#queue = this.#queue.filter((queued) => {
      const keep = queued === chunk || sessionOf(queued) !== session;
      if (!keep) this.#bytes -= queued.json.length;
      return keep;
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
