import type { RecorderState } from './types.js';

/** The state of a recorder that has not started, also used for server rendering. */
export const idleState: RecorderState = Object.freeze({
  status: 'idle',
  sessionId: null,
  windowId: null,
  distinctId: null,
  lastError: null,
});
