import { describe, expect, it } from 'vitest';
import { createRecorder } from '../createRecorder.js';
import { idleState } from '../idleState.js';

describe('createRecorder', () => {
  it.each([
    [{ host: 'localhost:8787', token: 't' }, 'host must be the http(s) URL'],
    [{ host: 'http://localhost:8787', token: '' }, 'token must be your project token'],
    [{ host: 'http://localhost:8787', token: 't', flushIntervalMs: 5 }, 'flushIntervalMs'],
    [{ host: 'http://h', token: 't', sampleRate: 2 }, 'sampleRate must be a number from 0 to 1'],
    [{ host: 'http://h', token: 't', privacy: 'high' }, "privacy must be 'default' or 'strict'"],
    [{ host: 'http://h', token: 't', sessionIdleTimeoutMinutes: 0 }, 'sessionIdleTimeoutMinutes'],
    [{ host: 'http://h', token: 't', urlBlocklist: '/admin' }, 'urlBlocklist must be an array'],
    [{ host: 'http://h', token: 't', recording: { sampleRate: -1 } }, 'recording.sampleRate'],
    [{ host: 'http://h', token: 't', maskTextFn: 'stars' }, 'maskTextFn must be a function'],
    [
      { host: 'http://h', token: 't', recordConsole: 'yes' },
      'recordConsole must be a boolean or object',
    ],
  ])('names the bad option in its error', (config, message) => {
    expect(() => createRecorder(config as never)).toThrow(message);
  });

  it('starts idle and downloads nothing until started', () => {
    const recorder = createRecorder({ host: 'http://localhost:8787', token: 't' });
    expect(recorder.getSnapshot()).toBe(idleState);
    expect(recorder.getSessionId()).toBeNull();
  });
});
