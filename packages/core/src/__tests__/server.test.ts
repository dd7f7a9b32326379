// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createRecorder } from '../index.js';

describe('on the server', () => {
  it('imports, creates and "starts" without touching window or document', () => {
    expect(typeof window).toBe('undefined');
    const recorder = createRecorder({ host: 'http://localhost:8787', token: 't' });
    recorder.start();
    recorder.stop();
    expect(recorder.getSnapshot().status).toBe('idle');
  });
});
