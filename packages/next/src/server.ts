// For next.config and server code: nothing here touches React or the browser.
export { decideRecording, type RecordingDecision, type RecordingRule } from './decideRecording.js';
export { withTapedeck } from './withTapedeck.js';
