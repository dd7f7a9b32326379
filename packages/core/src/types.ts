/** Where the recorder is in its life. */
export type RecorderStatus =
  /** Not started. */
  | 'idle'
  /** Started, but the visitor has opted out (or not yet opted in). */
  | 'waiting-for-consent'
  /** This session is not sampled in (sampleRate, or a server decision). */
  | 'sampled-out'
  /** Recording into memory, not sending: minimum duration, a trigger or an error not seen yet. */
  | 'buffering'
  | 'recording'
  /** On a URL of `urlBlocklist`: nothing is kept until the page leaves it. */
  | 'paused'
  | 'stopped';

/** What adapters read through `subscribe`/`getSnapshot`. Immutable: a new object per change. */
export interface RecorderState {
  readonly status: RecorderStatus;
  readonly sessionId: string | null;
  readonly windowId: string | null;
  readonly distinctId: string | null;
  /** The last thing that went wrong (a failed load, a refused upload, a stop), for display. */
  readonly lastError: string | null;
}

export type Listener = (state: RecorderState) => void;

/** Which input types to mask, as rrweb names them. */
export type MaskInputOptions = Partial<
  Record<
    | 'color'
    | 'date'
    | 'datetime-local'
    | 'email'
    | 'month'
    | 'number'
    | 'range'
    | 'search'
    | 'tel'
    | 'text'
    | 'time'
    | 'url'
    | 'week'
    | 'textarea'
    | 'select'
    | 'password',
    boolean
  >
>;

/** A network request as `maskNetworkRequest` sees it; return null to drop it. */
export interface NetworkRequest {
  url: string;
  method: string;
  status?: number;
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
  requestBody?: string;
  responseBody?: string;
}

export interface ConsoleOptions {
  /** Default: log, info, warn, error. */
  levels?: ('log' | 'info' | 'warn' | 'error' | 'debug')[];
  /** Most arguments kept per call. Default 10. */
  maxArgs?: number;
  /** Longest argument kept, in characters. Default 1000. */
  maxLength?: number;
  /** Most calls kept per second. Default 50. */
  maxPerSecond?: number;
  /**
   * Rewrite a call's arguments (as the strings that would be sent) before it is recorded, or
   * return null to drop the call. Secret keys of objects and URLs are already redacted.
   */
  maskConsoleArgs?: (args: string[], level: string) => string[] | null;
}

export interface NetworkOptions {
  /** Record request and response headers (auth, cookie and token headers are redacted). */
  recordHeaders?: boolean;
  /** Record request and response bodies, for the URLs in `networkBodyAllowUrls` only. */
  recordBody?: boolean;
  /**
   * URLs whose bodies may be recorded: strings (contained in the URL) or RegExps. Default none,
   * so `recordBody` alone records no body. Secret keys of JSON and form bodies are redacted.
   */
  networkBodyAllowUrls?: (string | RegExp)[];
  /** Rewrite a request before it is recorded, or return null to drop it. */
  maskNetworkRequest?: (request: NetworkRequest) => NetworkRequest | null;
}

export interface CanvasOptions {
  /** Frames per second. Default 4. */
  fps?: number;
  /** WebP quality, 0 to 1. Default 0.4. */
  quality?: number;
}

export interface RecorderConfig {
  /** Base URL of the Tapedeck server, e.g. `https://replay.example.com`. */
  host: string;
  /** The project's public ingestion token. */
  token: string;

  // Privacy
  /** `'strict'` masks all text and blocks images, media and canvas. Default `'default'`. */
  privacy?: 'default' | 'strict';
  /** Mask the value of every input. Default true; passwords are masked regardless. */
  maskAllInputs?: boolean;
  /** Per input type, when `maskAllInputs` is false. */
  maskInputOptions?: MaskInputOptions;
  /** Mask an input's value your way (runs only on values that are masked). */
  maskInputFn?: (text: string, element: HTMLElement) => string;
  /** Mask the text of elements matching this selector (and the class `td-mask`). */
  maskTextSelector?: string;
  /** Mask text your way (runs only on text that is masked). */
  maskTextFn?: (text: string, element: HTMLElement | null) => string;
  /** Leave text visible under this selector (and `td-unmask`), e.g. inside `privacy: 'strict'`. */
  unmaskTextSelector?: string;
  /** Record a same-size placeholder for elements matching this (and the class `td-block`). */
  blockSelector?: string;
  /**
   * Rewrite every URL the recorder sends (page URLs, page views, network, resources, link and
   * image attributes). It gets the URL with secret parameters already redacted.
   */
  maskUrl?: (url: string) => string;
  /**
   * Words that make a query, fragment, body or console key secret, so its value is redacted.
   * Default `SENSITIVE_KEYS` (tokens, codes, passwords, secrets, keys, signatures, sessions,
   * emails…); extend it with `[...SENSITIVE_KEYS, 'mine']`.
   */
  sensitiveKeys?: string[];

  // Capture
  /** Record mouse movement (throttled). Default true. */
  recordMouseMoves?: boolean;
  /** Record console calls. Default false. */
  recordConsole?: boolean | ConsoleOptions;
  /** Record network requests. Default false. */
  recordNetwork?: boolean | NetworkOptions;
  /** Record canvas contents. Default false. */
  recordCanvas?: boolean | CanvasOptions;
  /** Record cross-origin iframes that also run Tapedeck. Default false. */
  recordCrossOriginIframes?: boolean;
  /** Capture `error` and `unhandledrejection` as `$exception`. Default true. */
  captureExceptions?: boolean;
  /**
   * Record LCP, INP, CLS, FCP and TTFB of each page view as `$web_vitals` events, with the
   * `web-vitals` library (loaded beside the recorder, only when recording). Default true.
   */
  recordWebVitals?: boolean;
  /**
   * The release of the site's code (a version or commit), sent with each `$exception` so the
   * server resolves its stack with the source maps uploaded for that release.
   */
  release?: string;

  // Control
  /** Share of sessions recorded, 0 to 1, decided once per session. Default 1. */
  sampleRate?: number;
  /** Sessions shorter than this are never sent. Default 0. */
  minimumDurationMs?: number;
  /** Start opted out: nothing is recorded until `optIn()`. Default false. */
  optOutByDefault?: boolean;
  /** Minutes of no activity after which a new session starts, 1 to 600. Default 30. */
  sessionIdleTimeoutMinutes?: number;
  /** Stop recording after this many minutes of a page. Default: no limit. */
  maxRecordingDurationMinutes?: number;
  /** Pause while the URL matches one of these. */
  urlBlocklist?: (string | RegExp)[];
  /** Send only once one of these events is captured (with the seconds before it). */
  triggerEvents?: string[];
  /** Seconds kept in memory while waiting for a trigger. Default 30. */
  triggerBufferSeconds?: number;
  /** Keep the last 60 s in memory and send only once an exception happens. Default false. */
  bufferUntilError?: boolean;
  /** A decision made on your server, e.g. per user. Default `{ enabled: true }`. */
  recording?: { enabled?: boolean; sampleRate?: number };
  /** Fetch the project's recording settings from the server (code wins). Default true. */
  remoteConfig?: boolean;

  // Transport
  /** How often buffered events are sent, in ms, 100 to 60000. Default 2000. */
  flushIntervalMs?: number;
  /**
   * Most bytes kept waiting while the server is unreachable, 64 KB to 256 MB. Default 16 MB.
   * Past it the oldest chunks are dropped and a `$gap` event marks what is missing.
   */
  maxQueueBytes?: number;
  /** URL of Tapedeck's compression worker script, for sites whose CSP forbids blob: workers. */
  workerUrl?: string;

  /** Ties the recording to a person in your product (see also `identify`). */
  distinctId?: string;
}
