import type { RecordingSettings } from '@tapedeck/protocol/api';
import type { ConsoleOptions, NetworkOptions, RecorderConfig } from '../types.js';

/** Settings a project can set on the server (its route's own schema); options in code win. */
export type RemoteSettings = RecordingSettings;

export interface ResolvedConfig extends RecorderConfig {
  host: string;
  privacy: 'default' | 'strict';
  maskAllInputs: boolean;
  recordMouseMoves: boolean;
  recordConsole: ConsoleOptions | false;
  recordNetwork: NetworkOptions | false;
  captureExceptions: boolean;
  recordWebVitals: boolean;
  sampleRate: number;
  minimumDurationMs: number;
  sessionIdleTimeoutMinutes: number;
  urlBlocklist: (string | RegExp)[];
  triggerEvents: string[];
  triggerBufferSeconds: number;
  flushIntervalMs: number;
  maxQueueBytes: number;
}

function fail(option: string, expected: string, got: unknown): never {
  throw new TypeError(`createRecorder: ${option} must be ${expected}, got ${JSON.stringify(got)}.`);
}

function range(config: RecorderConfig, option: keyof RecorderConfig, min: number, max: number) {
  const value = config[option];
  if (value === undefined) return;
  if (typeof value !== 'number' || !(value >= min && value <= max))
    fail(option, `a number from ${min} to ${max}`, value);
}

function kind(config: RecorderConfig, option: keyof RecorderConfig, types: string[]) {
  const value = config[option];
  if (value !== undefined && !types.includes(typeof value))
    fail(option, `a ${types.join(' or ')}`, typeof value === 'function' ? 'a function' : value);
}

/** Checks every option, naming the first bad one in a TypeError. */
export function validateConfig(config: RecorderConfig): void {
  if (!config || typeof config !== 'object')
    throw new TypeError('createRecorder needs an options object: { host, token }.');
  if (typeof config.host !== 'string' || !/^https?:\/\/[^/]/.test(config.host))
    fail('host', 'the http(s) URL of your Tapedeck server', config.host);
  if (typeof config.token !== 'string' || config.token.trim() === '')
    fail('token', 'your project token (the server prints it at start)', config.token);
  if (config.privacy !== undefined && config.privacy !== 'default' && config.privacy !== 'strict')
    fail('privacy', "'default' or 'strict'", config.privacy);
  range(config, 'sampleRate', 0, 1);
  range(config, 'minimumDurationMs', 0, 24 * 3_600_000);
  range(config, 'sessionIdleTimeoutMinutes', 1, 600);
  range(config, 'maxRecordingDurationMinutes', 0.001, 24 * 60);
  range(config, 'triggerBufferSeconds', 0, 600);
  range(config, 'flushIntervalMs', 100, 60_000);
  range(config, 'maxQueueBytes', 64 * 1024, 256 * 1024 * 1024);
  for (const option of [
    'maskTextSelector',
    'unmaskTextSelector',
    'blockSelector',
    'workerUrl',
    'distinctId',
  ] as const)
    kind(config, option, ['string']);
  for (const option of ['maskInputFn', 'maskTextFn', 'maskUrl'] as const)
    kind(config, option, ['function']);
  if (
    config.sensitiveKeys !== undefined &&
    !(
      Array.isArray(config.sensitiveKeys) &&
      config.sensitiveKeys.every((k) => typeof k === 'string')
    )
  )
    fail(
      'sensitiveKeys',
      'an array of words, e.g. [...SENSITIVE_KEYS, "pin"]',
      config.sensitiveKeys,
    );
  const network = config.recordNetwork;
  if (
    typeof network === 'object' &&
    network.networkBodyAllowUrls !== undefined &&
    !Array.isArray(network.networkBodyAllowUrls)
  )
    fail(
      'recordNetwork.networkBodyAllowUrls',
      'an array of strings or RegExps',
      network.networkBodyAllowUrls,
    );
  for (const option of ['recordConsole', 'recordNetwork', 'recordCanvas'] as const)
    kind(config, option, ['boolean', 'object']);
  if (config.urlBlocklist !== undefined && !Array.isArray(config.urlBlocklist))
    fail('urlBlocklist', 'an array of strings or RegExps', config.urlBlocklist);
  if (config.release !== undefined && !/^\S{1,200}$/.test(String(config.release)))
    fail('release', 'a version or commit of 1 to 200 characters, no spaces', config.release);
  if (config.triggerEvents !== undefined && !Array.isArray(config.triggerEvents))
    fail('triggerEvents', 'an array of event names', config.triggerEvents);
  const recording = config.recording;
  if (recording !== undefined) {
    if (typeof recording !== 'object' || recording === null)
      fail('recording', 'an object like { enabled, sampleRate }', recording);
    if (
      recording.sampleRate !== undefined &&
      !(recording.sampleRate >= 0 && recording.sampleRate <= 1)
    )
      fail('recording.sampleRate', 'a number from 0 to 1', recording.sampleRate);
  }
}

const withDefaults = <T extends object>(value: boolean | T | undefined, defaults: T): T | false =>
  value ? { ...defaults, ...(value === true ? {} : value) } : false;

/** Code options over remote settings over defaults. */
export function resolveConfig(config: RecorderConfig, remote: RemoteSettings = {}): ResolvedConfig {
  const pick = <K extends keyof RemoteSettings & keyof RecorderConfig>(key: K) =>
    config[key] !== undefined ? config[key] : remote[key];
  const sampleRate = config.recording?.sampleRate ?? config.sampleRate ?? remote.sampleRate ?? 1;
  return {
    ...config,
    host: config.host.replace(/\/+$/, ''),
    privacy: pick('privacy') ?? 'default',
    maskAllInputs: config.maskAllInputs ?? true,
    recordMouseMoves: config.recordMouseMoves ?? true,
    recordConsole: withDefaults(pick('recordConsole'), {}),
    recordNetwork: withDefaults(pick('recordNetwork'), {}),
    captureExceptions: config.captureExceptions ?? true,
    recordWebVitals: config.recordWebVitals ?? true,
    sampleRate,
    minimumDurationMs: pick('minimumDurationMs') ?? 0,
    sessionIdleTimeoutMinutes: config.sessionIdleTimeoutMinutes ?? 30,
    urlBlocklist: pick('urlBlocklist') ?? [],
    triggerEvents: pick('triggerEvents') ?? [],
    triggerBufferSeconds: config.triggerBufferSeconds ?? 30,
    flushIntervalMs: config.flushIntervalMs ?? 2000,
    maxQueueBytes: config.maxQueueBytes ?? 16 * 1024 * 1024,
    recording: {
      enabled: config.recording?.enabled ?? remote.enabled ?? true,
      sampleRate,
    },
  };
}

/** `resolved` with a server-side decision that came after it was resolved. */
export function withDecision(
  resolved: ResolvedConfig,
  decision: NonNullable<RecorderConfig['recording']>,
): ResolvedConfig {
  const sampleRate = decision.sampleRate ?? resolved.sampleRate;
  const enabled = decision.enabled ?? resolved.recording?.enabled ?? true;
  return { ...resolved, sampleRate, recording: { enabled, sampleRate } };
}
