export type { Recorder, RecorderConfig, RecorderState, RecorderStatus } from '@tapedeck/core';
// Re-exported so an app needs only this package.
export { createRecorder, idleState } from '@tapedeck/core';
export { Block } from './Block.js';
export { Mask } from './Mask.js';
export type { PrivacyProps } from './privacyElement.js';
export { RecorderContext } from './RecorderContext.js';
export {
  TapedeckErrorBoundary,
  type TapedeckErrorBoundaryProps,
} from './TapedeckErrorBoundary.js';
export { TapedeckProvider, type TapedeckProviderProps } from './TapedeckProvider.js';
export { Unmask } from './Unmask.js';
export { useRecorder } from './useRecorder.js';
export { useRecorderState } from './useRecorderState.js';
export { useSessionId } from './useSessionId.js';
