import { describe, expect, it } from 'vitest';
import { createRecorder } from '../createRecorder.js';
import { idleState } from '../idleState.js';

describe('createRecorder', () => {
  it.each([
    [{ host: 'localhost:8787', token: 't' }, 'host must be the http(s) URL'],
    [{ host: 'http://localhost:8787', token: '' }, 'token must be your project token'],
    [{ host: 'http://localhost:8787', token: 't', flushIntervalMs: 5 }, 'flushIntervalMs'],
  ])('names the bad option in its error', (config, message) => {
    expect(() => createRecorder(config)).toThrow(message);
  });

  it('starts idle and downloads nothing until started', () => {
    const recorder = createRecorder({ host: 'http://localhost:8787', token: 't' });
    expect(recorder.getSnapshot()).toBe(idleState);
    expect(recorder.getSessionId()).toBeNull();
  });
});
