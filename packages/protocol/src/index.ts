export type { Limits } from './limits.js';
export { limits } from './limits.js';
export { packEvents, unpackEvent, unpackEvents } from './packEvents.js';
export { REDACTED, redactUrl, SENSITIVE_KEYS, sensitiveKeyMatcher } from './redact.js';
export type { RecordedEvent, RecordingChunk, SdkInfo } from './types.js';
export { EventType } from './types.js';
export type { ValidationResult } from './validateChunk.js';
export { validateChunk } from './validateChunk.js';
export {
  isWebVitalName,
  MAX_VITAL_VALUE,
  rateVital,
  VITAL_THRESHOLDS,
  type VitalRating,
  WEB_VITALS,
  type WebVitalName,
  type WebVitalPayload,
} from './vitals.js';
export {
  IncrementalSource,
  isUserActivity,
  Masking,
  MouseInteraction,
  PluginId,
  TapedeckEvent,
} from './vocabulary.js';
