import { TapedeckEvent } from '@tapedeck/protocol';
import { idleState } from './idleState.js';
import type { Capture } from './internal/capture.js';
import { readConsent, writeConsent } from './internal/consent.js';
import { errorPayload } from './internal/errorPayload.js';
import { listenForErrors } from './internal/listenForErrors.js';
import { loadRecorderChunk } from './internal/loadRecorderChunk.js';
import { loadRemoteSettings } from './internal/remoteSettings.js';
import { type ResolvedConfig, resolveConfig, withDecision } from './internal/resolveConfig.js';
import { isSampledIn } from './internal/sample.js';
import { Session } from './internal/session.js';
import { readJson, remove, writeJson } from './internal/storage.js';
import { forgetStoredTails } from './internal/storedTails.js';
import type { Listener, RecorderConfig, RecorderState } from './types.js';

const PERSON_KEY = 'td_person';
const MAX_EARLY_EVENTS = 100;
const local = () => window.localStorage;

type Early = { kind: 'custom' | 'exception'; tag: string; payload: Record<string, unknown> };

/**
 * Records the page with rrweb and sends it to a Tapedeck server. This eager part holds
 * config, consent, sampling, session ids and the loader; the recorder chunk (rrweb, signals,
 * transport) is imported only when recording actually starts. All recorder state lives here;
 * adapters read it through `subscribe`/`getSnapshot`.
 */
export class Recorder {
  #config: RecorderConfig;
  #state: RecorderState = idleState;
  readonly #listeners = new Set<Listener>();
  #resolved: ResolvedConfig | undefined;
  #session: Session | undefined;
  #capture: Capture | undefined;
  #booting = false;
  #wanted = false;
  #forced = false;
  #retains = 0;
  #early: Early[] = [];
  #unlisten: (() => void) | undefined;

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

  /** Starts recording, within consent, sampling and the other rules. No-op on the server. */
  start(): void {
    if (typeof window === 'undefined') return;
    this.#wanted = true;
    this.#listenForErrors();
    if (this.#capture || this.#booting) return;
    if (this.hasOptedOut()) {
      this.#update({ status: 'waiting-for-consent' });
      return;
    }
    void this.#boot();
  }

  /**
   * Stops recording, sends what is buffered, and removes every listener. The promise settles
   * once the server has acknowledged what was buffered (no need to await it); should the page
   * go away first, the rest is handed to the browser and kept on the device for the next page
   * load of the site to send.
   */
  stop(): Promise<void> {
    const sent = this.stopRecording();
    this.#unlisten?.();
    this.#unlisten = undefined;
    return sent;
  }

  /** Records now, whatever sampling, triggers or minimum duration say (consent still applies). */
  startRecording(): void {
    this.#forced = true;
    if (this.#capture) this.#capture.redecide();
    else this.start();
  }

  /**
   * Stops capturing until `start()` or `startRecording()`; what is buffered is sent, and the
   * promise settles once it is acknowledged.
   */
  stopRecording(): Promise<void> {
    this.#wanted = false;
    this.#forced = false;
    const sent = this.#capture?.stop(true) ?? Promise.resolve();
    this.#capture = undefined;
    if (this.#state.status !== 'idle') this.#update({ status: 'stopped' });
    return sent;
  }

  /**
   * Applies a decision made on your server (as the `recording` option does) to a recorder
   * that already exists, e.g. one made before the page knew it. Call it before `start()` and
   * nothing is ever sent against it; a "no" while recording stops and forgets what is buffered.
   */
  decide(decision: NonNullable<RecorderConfig['recording']>): void {
    this.#config = { ...this.#config, recording: { ...this.#config.recording, ...decision } };
    if (this.#resolved) this.#resolved = withDecision(this.#resolved, decision);
    const sessionId = this.#state.sessionId;
    if (!this.#capture || !sessionId) return;
    if (this.#isSampled(sessionId)) this.#capture.redecide();
    else {
      void this.#capture.stop(false);
      this.#capture = undefined;
      this.#update({ status: 'sampled-out' });
    }
  }

  /**
   * For adapters: starts on the first retain and stops once every retainer has released
   * (a tick later, so React StrictMode's unmount-remount never starts a second recording).
   */
  retain(): () => void {
    this.#retains += 1;
    this.start();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#retains -= 1;
      queueMicrotask(() => {
        if (this.#retains === 0) this.stop();
      });
    };
  }

  /** The visitor agrees to be recorded (remembered on this device). */
  optIn(): void {
    writeConsent(true);
    if (this.#wanted && !this.#capture && !this.#booting) void this.#boot();
  }

  /** The visitor declines: recording stops, what is buffered or kept is dropped (remembered). */
  optOut(): void {
    writeConsent(false);
    forgetStoredTails();
    this.#capture?.stop(false);
    this.#capture = undefined;
    this.#early = [];
    this.#update({ status: this.#wanted ? 'waiting-for-consent' : 'idle' });
  }

  hasOptedOut(): boolean {
    const consent = readConsent();
    return consent === false || (consent === null && this.#config.optOutByDefault === true);
  }

  /** A custom event: a marker on the replay timeline, searchable on the server. */
  capture(event: string, properties: Record<string, unknown> = {}): void {
    if (typeof event !== 'string' || event.trim() === '')
      throw new TypeError('capture(event, properties): event must be a non-empty string.');
    this.#send('custom', event, properties);
  }

  /**
   * Records an error as `$exception`, with optional properties (a component stack, say); in
   * buffer-until-error mode it also sends the buffer.
   */
  captureException(error: unknown, properties: Record<string, unknown> = {}): void {
    this.#send('exception', TapedeckEvent.exception, {
      ...errorPayload(error, 'captureException'),
      ...properties,
    });
  }

  /** Ties this and later recordings to a person, with properties to search by. */
  identify(distinctId: string, personProperties: Record<string, unknown> = {}): void {
    if (typeof distinctId !== 'string' || distinctId.trim() === '' || distinctId.length > 100)
      throw new TypeError(
        'identify(distinctId): distinctId must be a string of 1 to 100 characters.',
      );
    // While opted out nothing is stored or sent; the id lives in this page's memory only.
    if (typeof window !== 'undefined' && !this.hasOptedOut())
      writeJson(local, PERSON_KEY, distinctId);
    this.#update({ distinctId });
    this.#send('custom', TapedeckEvent.identify, { distinctId, properties: personProperties });
  }

  /** Forgets the person and starts a new session (call it on logout). */
  reset(): void {
    if (typeof window !== 'undefined') remove(local, PERSON_KEY);
    this.#update({ distinctId: null });
    if (this.#capture) this.#capture.newSession();
    else if (this.#session) {
      this.#session.rotate(Date.now(), true);
      this.#update({ sessionId: this.#session.sessionId });
    }
  }

  getSessionId(): string | null {
    return this.#state.sessionId;
  }

  /** A link to this session in the viewer, optionally at the current moment. */
  getReplayUrl(options: { atCurrentTime?: boolean } = {}): string | null {
    const session = this.#session;
    if (!session) return null;
    const url = `${this.#config.host.replace(/\/+$/, '')}/#/sessions/${session.sessionId}`;
    if (!options.atCurrentTime) return url;
    return `${url}?t=${Math.max(0, Math.floor((Date.now() - session.startedAt) / 1000))}`;
  }

  async #boot(): Promise<void> {
    this.#booting = true;
    try {
      const config = this.#config;
      const remote =
        config.remoteConfig === false
          ? {}
          : await loadRemoteSettings(config.host.replace(/\/+$/, ''), config.token);
      const resolved = resolveConfig(config, remote);
      this.#resolved = resolved;
      if (!this.#wanted || this.hasOptedOut()) return;
      this.#session ??= new Session(resolved.sessionIdleTimeoutMinutes * 60_000);
      const session = this.#session;
      const distinctId =
        config.distinctId ?? this.#state.distinctId ?? readJson<string>(local, PERSON_KEY);
      this.#update({ sessionId: session.sessionId, windowId: session.windowId, distinctId });
      if (!this.#isSampled(session.sessionId)) {
        this.#update({ status: 'sampled-out' }); // the recorder chunk is never downloaded
        return;
      }
      this.#update({ status: 'buffering' });
      const withCaptures = Boolean(resolved.recordConsole || resolved.recordNetwork);
      const { startCapture, captures, vitals } = await loadRecorderChunk(
        withCaptures,
        resolved.recordWebVitals,
      );
      if (!this.#wanted || this.hasOptedOut()) return;
      this.#capture = startCapture(
        {
          config: resolved,
          session,
          distinctId: () => this.#state.distinctId,
          isSampled: (id) => this.#isSampled(id),
          isForced: () => this.#forced,
          onState: (change) => this.#update(change),
        },
        captures,
        vitals,
      );
      for (const { kind, tag, payload } of this.#early.splice(0))
        if (kind === 'exception') this.#capture.exception(payload);
        else this.#capture.custom(tag, payload);
    } catch (error) {
      this.#update({ status: 'stopped', lastError: `Could not start recording: ${String(error)}` });
    } finally {
      this.#booting = false;
    }
  }

  #isSampled(sessionId: string): boolean {
    const resolved = this.#resolved;
    if (this.#forced) return true;
    return (
      Boolean(resolved?.recording?.enabled) && isSampledIn(sessionId, resolved?.sampleRate ?? 1)
    );
  }

  #send(kind: Early['kind'], tag: string, given: Record<string, unknown>): void {
    const release = kind === 'exception' && this.#config.release;
    const payload = release ? { release, ...given } : given;
    if (this.#capture) {
      if (kind === 'exception') this.#capture.exception(payload);
      else this.#capture.custom(tag, payload);
    } else if (this.#wanted && !this.hasOptedOut() && this.#early.length < MAX_EARLY_EVENTS) {
      // Kept until the recorder chunk has loaded.
      this.#early.push({ kind, tag, payload });
    }
  }

  #listenForErrors(): void {
    if (this.#unlisten || this.#config.captureExceptions === false) return;
    this.#unlisten = listenForErrors((payload) =>
      this.#send('exception', TapedeckEvent.exception, payload),
    );
  }

  #update(change: Partial<RecorderState>): void {
    const next = { ...this.#state, ...change };
    const same = (Object.keys(next) as (keyof RecorderState)[]).every(
      (k) => next[k] === this.#state[k],
    );
    if (same) return;
    this.#state = Object.freeze(next);
    for (const listener of this.#listeners) listener(this.#state);
  }
}
