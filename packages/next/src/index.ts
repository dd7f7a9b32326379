// The React adapter's hooks and masking components, so an app needs only this package.
export {
  Block,
  Mask,
  TapedeckErrorBoundary,
  Unmask,
  useRecorder,
  useRecorderState,
  useSessionId,
} from '@tapedeck/react';
export { ClientProvider } from './ClientProvider.js';
export { decideRecording, type RecordingDecision, type RecordingRule } from './decideRecording.js';
export { initTapedeck } from './initTapedeck.js';
export { RouteEvents } from './RouteEvents.js';
export { TapedeckProvider, type TapedeckProviderProps } from './TapedeckProvider.js';
