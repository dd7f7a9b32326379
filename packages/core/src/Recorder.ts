import { limits, type RecordedEvent } from '@tapedeck/protocol';
import { idleState } from './idleState.js';
import { captureOptions } from './internal/captureOptions.js';
import { cutChunks } from './internal/cutChunks.js';
import { loadRecord, type RecordFn } from './internal/loadRecord.js';
import { Session } from './internal/session.js';
import { Transport } from './internal/Transport.js';
import { watchPageviews } from './internal/watchPageviews.js';
import type { Listener, RecorderConfig, RecorderState } from './types.js';
import { SDK_NAME, SDK_VERSION } from './version.js';

/** rrweb: IncrementalSnapshot = 3, and its source Mutation = 0 (not user activity). */
const isUserActivity = (e: RecordedEvent) =>
  e.type === 3 && (e.data as { source?: number } | null)?.source !== 0;

/** Beacon-sized chunks leave room for the envelope and multi-byte characters. */
const BEACON_CHUNK_CHARS = Math.floor(limits.beaconBytes * 0.7);

/**
 * Records the page with rrweb and sends it to a Tapedeck server. All recorder state lives
 * here; adapters read it through `subscribe`/`getSnapshot`.
 */
export class Recorder {
  readonly #config: RecorderConfig;
  #state: RecorderState = idleState;
  readonly #listeners = new Set<Listener>();
  #session: Session | undefined;
  #transport: Transport | undefined;
  #buffer: RecordedEvent[] = [];
  #record: RecordFn | undefined;
  #cleanups: (() => void)[] = [];

  constructor(config: RecorderConfig) {
    this.#config = config;
  }

  /** Calls `listener` after every state change. Returns the function that unsubscribes. */
  subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The current state; the same object until something changes. */
  getSnapshot = (): RecorderState => this.#state;

  getSessionId(): string | null {
    return this.#state.sessionId;
  }

  /** Starts recording. Does nothing on the server, or when already started. */
  start(): void {
    if (typeof window === 'undefined') return;
    if (this.#state.status === 'loading' || this.#state.status === 'recording') return;
    const session = new Session((this.#config.sessionIdleTimeoutMinutes ?? 30) * 60_000);
    this.#session = session;
    const url = `${this.#config.host.replace(/\/+$/, '')}/s/?token=${encodeURIComponent(this.#config.token)}`;
    this.#transport ??= new Transport(url, (message) => this.#update({ lastError: message }));
    this.#update({ status: 'loading', sessionId: session.sessionId, windowId: session.windowId });
    loadRecord().then(
      (record) => this.#begin(record),
      (error: unknown) =>
        this.#update({ status: 'stopped', lastError: `Could not load the recorder: ${error}` }),
    );
  }

  /** Stops recording and sends what is buffered. */
  stop(): void {
    if (this.#state.status !== 'loading' && this.#state.status !== 'recording') return;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#flush();
    this.#session?.release();
    this.#update({ status: 'stopped' });
  }

  #begin(record: RecordFn): void {
    if (this.#state.status !== 'loading') return; // stopped while loading
    this.#record = record;
    const stopCapture = record({
      ...captureOptions(this.#config),
      emit: (event) => this.#onEvent(event as RecordedEvent),
    });
    if (!stopCapture) {
      this.#update({ status: 'stopped', lastError: 'rrweb could not start recording this page.' });
      return;
    }
    const pageview = (href: string) => record.addCustomEvent('$pageview', { href });
    pageview(location.href);
    const timer = setInterval(() => this.#flush(), this.#config.flushIntervalMs ?? 2000);
    const onPageHide = () => {
      this.#flush(BEACON_CHUNK_CHARS);
      this.#transport?.sendAllWithBeacon();
      this.#session?.release();
    };
    const onPageShow = () => this.#session?.resume();
    const onHidden = () => document.visibilityState === 'hidden' && this.#flush();
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
    document.addEventListener('visibilitychange', onHidden);
    this.#cleanups.push(
      stopCapture,
      watchPageviews(pageview),
      () => clearInterval(timer),
      () => window.removeEventListener('pagehide', onPageHide),
      () => window.removeEventListener('pageshow', onPageShow),
      () => document.removeEventListener('visibilitychange', onHidden),
    );
    this.#update({ status: 'recording' });
  }

  #onEvent(event: RecordedEvent): void {
    const session = this.#session;
    if (session && isUserActivity(event)) {
      if (session.isExpired(event.timestamp)) {
        this.#flush();
        session.rotate(event.timestamp);
        this.#update({ sessionId: session.sessionId });
        this.#record?.takeFullSnapshot(true);
        this.#record?.addCustomEvent('$pageview', { href: location.href });
      } else {
        session.touch(event.timestamp);
      }
    }
    this.#buffer.push(event);
  }

  #flush(maxChars: number = limits.targetChunkBytes): void {
    const session = this.#session;
    const transport = this.#transport;
    if (!session || !transport || this.#buffer.length === 0) return;
    const events = this.#buffer;
    this.#buffer = [];
    const envelope = {
      sessionId: session.sessionId,
      windowId: session.windowId,
      ...(this.#config.distinctId ? { distinctId: this.#config.distinctId } : {}),
      sdk: { name: SDK_NAME, version: SDK_VERSION },
    };
    for (const chunk of cutChunks(events, envelope, maxChars, () => session.nextSeq())) {
      transport.send(chunk);
    }
  }

  #update(change: Partial<RecorderState>): void {
    this.#state = Object.freeze({ ...this.#state, ...change });
    for (const listener of this.#listeners) listener(this.#state);
  }
}
