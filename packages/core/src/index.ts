export { Masking, REDACTED, SENSITIVE_KEYS } from '@tapedeck/protocol';
export { createRecorder } from './createRecorder.js';
export { idleState } from './idleState.js';
export { Recorder } from './Recorder.js';
export type {
  CanvasOptions,
  ConsoleOptions,
  Listener,
  MaskInputOptions,
  NetworkOptions,
  NetworkRequest,
  RecorderConfig,
  RecorderState,
  RecorderStatus,
} from './types.js';
export { SDK_NAME, SDK_VERSION } from './version.js';
