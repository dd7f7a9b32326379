import { rememberFontFaces } from './internal/fontSources.js';
import { validateConfig } from './internal/resolveConfig.js';
import { Recorder } from './Recorder.js';
import type { RecorderConfig } from './types.js';

/**
 * Creates a recorder. Nothing is recorded or downloaded until `start()`; creating one on the
 * server is safe. Throws a TypeError naming the first bad option.
 */
export function createRecorder(config: RecorderConfig): Recorder {
  validateConfig(config);
  rememberFontFaces();
  return new Recorder(config);
}
