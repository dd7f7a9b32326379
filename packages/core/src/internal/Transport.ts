import { limits } from '@tapedeck/protocol';
import { gzip } from './gzip.js';

/** A chunk ready to send: its JSON text, serialized once when it was cut. */
export interface OutgoingChunk {
  seq: number;
  json: string;
}

const MAX_QUEUE = 200;
const MAX_BACKOFF_MS = 30_000;

/**
 * Sends chunks to `POST /s/` in order, one at a time, gzipped. Network errors, 5xx and 429
 * are retried with exponential backoff and jitter; other 4xx mean the chunk can never be
 * accepted, so it is dropped and reported. A chunk leaves the queue only once acknowledged.
 */
export class Transport {
  readonly #url: string;
  readonly #onError: (message: string) => void;
  #queue: OutgoingChunk[] = [];
  #sending = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(url: string, onError: (message: string) => void) {
    this.#url = url;
    this.#onError = onError;
  }

  get pending(): number {
    return this.#queue.length;
  }

  send(chunk: OutgoingChunk): void {
    this.#queue.push(chunk);
    if (this.#queue.length > MAX_QUEUE) {
      this.#queue.shift();
      this.#onError(`Upload queue full (${MAX_QUEUE} chunks): dropped the oldest.`);
    }
    void this.#pump();
  }

  /**
   * The page is going away: hand every unacknowledged chunk to the browser with sendBeacon,
   * which outlives the page. The server drops any that also arrive by fetch.
   */
  sendAllWithBeacon(): void {
    if (typeof navigator === 'undefined' || typeof navigator.sendBeacon !== 'function') return;
    this.#queue = this.#queue.filter((chunk) => {
      const blob = new Blob([chunk.json], { type: 'text/plain' });
      return blob.size > limits.beaconBytes || !navigator.sendBeacon(this.#url, blob);
    });
  }

  async #pump(): Promise<void> {
    if (this.#sending || this.#retryTimer) return;
    this.#sending = true;
    try {
      for (let chunk = this.#queue[0]; chunk; chunk = this.#queue[0]) {
        const outcome = await this.#post(chunk);
        if (outcome === 'retry') {
          this.#scheduleRetry();
          return;
        }
        this.#attempt = 0;
        const at = this.#queue.indexOf(chunk);
        if (at >= 0) this.#queue.splice(at, 1);
      }
    } finally {
      this.#sending = false;
    }
  }

  async #post(chunk: OutgoingChunk): Promise<'done' | 'retry'> {
    try {
      const zipped = await gzip(chunk.json);
      const body = zipped ?? chunk.json;
      const response = await fetch(zipped ? `${this.#url}&compression=gzip` : this.#url, {
        method: 'POST',
        // text/plain needs no CORS preflight; the server reads the body by its bytes.
        headers: { 'Content-Type': 'text/plain' },
        body: body as BodyInit,
        credentials: 'omit',
        keepalive: body.length <= limits.beaconBytes,
      });
      if (response.ok) return 'done';
      if (response.status === 429 || response.status >= 500) return 'retry';
      const message = await response.text().catch(() => '');
      this.#onError(`The server refused chunk ${chunk.seq} (${response.status}): ${message}`);
      return 'done';
    } catch {
      return 'retry';
    }
  }

  #scheduleRetry(): void {
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.#attempt);
    this.#attempt += 1;
    const delay = base / 2 + Math.random() * (base / 2);
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
