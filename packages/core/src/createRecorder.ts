import { Recorder } from './Recorder.js';
import type { RecorderConfig } from './types.js';

/**
 * Creates a recorder. Nothing is recorded or downloaded until `start()`; creating one on the
 * server is safe. Throws a TypeError naming the bad option.
 */
export function createRecorder(config: RecorderConfig): Recorder {
  if (!config || typeof config !== 'object')
    throw new TypeError('createRecorder needs an options object: { host, token }.');
  if (typeof config.host !== 'string' || !/^https?:\/\/[^/]/.test(config.host))
    throw new TypeError(
      `createRecorder: host must be the http(s) URL of your Tapedeck server, got ${JSON.stringify(config.host)}.`,
    );
  if (typeof config.token !== 'string' || config.token.trim() === '')
    throw new TypeError(
      'createRecorder: token must be your project token (shown when the server starts).',
    );
  const interval = config.flushIntervalMs;
  if (interval !== undefined && !(interval >= 100 && interval <= 60_000))
    throw new TypeError('createRecorder: flushIntervalMs must be between 100 and 60000.');
  return new Recorder(config);
}
