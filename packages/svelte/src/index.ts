export type { Recorder, RecorderConfig, RecorderState, RecorderStatus } from '@tapedeck/core';
// Re-exported so an app needs only this package.
export { createRecorder, idleState } from '@tapedeck/core';
export { block, mask, unmask } from './actions.js';
export { default as Block } from './Block.svelte';
export { getRecorder, setRecorder } from './context.js';
export { captureErrors, trackNavigation } from './kit.js';
export { default as Mask } from './Mask.svelte';
export { recorderState } from './recorderState.js';
export { default as TapedeckProvider } from './TapedeckProvider.svelte';
export { default as Unmask } from './Unmask.svelte';
