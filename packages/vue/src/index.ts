export type { Recorder, RecorderConfig, RecorderState, RecorderStatus } from '@tapedeck/core';
// Re-exported so an app needs only this package.
export { createRecorder, idleState } from '@tapedeck/core';
export { Block, Mask, Unmask } from './components.js';
export { vTdBlock, vTdMask, vTdUnmask } from './directives.js';
export { recorderKey } from './recorderKey.js';
export { Tapedeck, type TapedeckOptions } from './Tapedeck.js';
export { useRecorder } from './useRecorder.js';
export { useRecorderState } from './useRecorderState.js';
