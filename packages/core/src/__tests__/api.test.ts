import { type Collector, customsOf, sleep, startCollector, until } from '@tapedeck/test-collector';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRecorder } from '../createRecorder.js';
import type { Recorder } from '../Recorder.js';
import { resetPage, startRecorder } from './record.js';

const tagged = (collector: Collector, tag: string) =>
  customsOf(collector).filter((c) => c.tag === tag);

describe('the Recorder API', () => {
  let collector: Collector;
  let recorder: Recorder | undefined;

  beforeEach(async () => {
    resetPage('<button id="b">b</button>');
    collector = await startCollector();
    recorder = undefined;
  });

  afterEach(async () => {
    vi.useRealTimers();
    recorder?.stop();
    await collector.close();
  });

  it('keeps custom events and exceptions captured before the recorder chunk loaded', async () => {
    recorder = createRecorder({
      host: collector.host,
      token: 't',
      remoteConfig: false,
      flushIntervalMs: 100,
    });
    recorder.start();
    recorder.capture('app_loaded', { plan: 'pro' });
    recorder.captureException(new Error('early failure'));
    await until(() => tagged(collector, '$exception').length === 1, 'the early exception');
    expect(tagged(collector, 'app_loaded')[0]?.payload).toEqual({ plan: 'pro' });
    expect(tagged(collector, '$exception')[0]?.payload.message).toBe('early failure');
  });

  it('names the release in each $exception, for the source maps uploaded for it', async () => {
    recorder = await startRecorder(collector, { release: 'web@1.4.2' });
    recorder.captureException(new Error('with a release'));
    await until(() => tagged(collector, '$exception').length === 1, 'the exception');
    expect(tagged(collector, '$exception')[0]?.payload).toMatchObject({
      release: 'web@1.4.2',
      message: 'with a release',
    });
    expect(() => createRecorder({ host: 'http://x', token: 't', release: 'a b' })).toThrow(
      /release must be/,
    );
  });

  it('captures uncaught errors and rejections as $exception, unless turned off', async () => {
    recorder = await startRecorder(collector);
    window.addEventListener('error', (e) => e.preventDefault(), { once: true });
    window.dispatchEvent(
      new ErrorEvent('error', { error: new RangeError('boom'), message: 'boom' }),
    );
    const rejection = new Event('unhandledrejection') as PromiseRejectionEvent;
    Object.assign(rejection, { reason: new Error('rejected') });
    window.dispatchEvent(rejection);
    await until(() => tagged(collector, '$exception').length === 2, 'two exceptions');
    expect(tagged(collector, '$exception').map((e) => e.payload.message)).toEqual([
      'boom',
      'rejected',
    ]);
    recorder.stop();

    const quiet = await startRecorder(collector, { captureExceptions: false });
    window.addEventListener('error', (e) => e.preventDefault(), { once: true });
    window.dispatchEvent(
      new ErrorEvent('error', { error: new Error('ignored'), message: 'ignored' }),
    );
    await sleep(250);
    quiet.stop();
    expect(tagged(collector, '$exception')).toHaveLength(2);
  });

  it('rejects a nameless custom event with a clear error', async () => {
    recorder = await startRecorder(collector);
    expect(() => recorder!.capture('')).toThrow('event must be a non-empty string');
  });

  it('identifies the person on every chunk, and reset() forgets them with a new session', async () => {
    recorder = await startRecorder(collector);
    recorder.identify('user-42', { plan: 'pro' });
    expect(recorder.getSnapshot().distinctId).toBe('user-42');
    await until(() => tagged(collector, '$identify').length === 1, '$identify');
    expect(tagged(collector, '$identify')[0]?.payload).toEqual({
      distinctId: 'user-42',
      properties: { plan: 'pro' },
    });
    const first = recorder.getSessionId();
    recorder.reset();
    expect(recorder.getSnapshot().distinctId).toBeNull();
    expect(recorder.getSessionId()).not.toBe(first);
    await until(() => collector.chunks.some((c) => c.sessionId !== first), 'the new session');
    expect(
      collector.chunks.filter((c) => c.sessionId === first).some((c) => c.distinctId === 'user-42'),
    ).toBe(true);
    expect(collector.chunks.filter((c) => c.sessionId !== first).some((c) => c.distinctId)).toBe(
      false,
    );
    const starting = tagged(collector, '$session_starting')[0];
    expect(starting?.payload).toMatchObject({ previousSessionId: first, reason: 'reset' });
  });

  it('starts a new session after the idle timeout, linked to the last one', async () => {
    recorder = await startRecorder(collector, { sessionIdleTimeoutMinutes: 1 });
    const first = recorder.getSessionId();
    // Two minutes later (only the clock is faked; timers run for real).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 60_000);
    document.getElementById('b')!.click();
    for (let i = 0; i < 250 && recorder.getSessionId() === first; i++) await sleep(20);
    expect(recorder.getSessionId()).not.toBe(first);
    for (let i = 0; i < 250 && tagged(collector, '$session_starting').length === 0; i++)
      await sleep(20);
    await until(() => tagged(collector, '$session_starting').length === 1, 'the link');
    expect(tagged(collector, '$session_ending')).toHaveLength(1);
    const ending = collector.chunks.find((c) =>
      c.events.some((e) => (e.data as { tag?: string }).tag === '$session_ending'),
    );
    expect(ending?.sessionId).toBe(first);
  });

  it('gives a link to the replay, at the current moment if asked', async () => {
    recorder = await startRecorder(collector);
    const id = recorder.getSessionId();
    expect(recorder.getReplayUrl()).toBe(`${collector.host}/#/sessions/${id}`);
    expect(recorder.getReplayUrl({ atCurrentTime: true })).toMatch(
      new RegExp(`/#/sessions/${id}\\?t=\\d+$`),
    );
  });

  it('stops after maxRecordingDurationMinutes and says why', async () => {
    recorder = await startRecorder(collector, { maxRecordingDurationMinutes: 0.005 });
    await until(() => recorder!.getSnapshot().status === 'stopped', 'the stop');
    expect(recorder.getSnapshot().lastError).toContain('maxRecordingDurationMinutes');
    await until(() => tagged(collector, '$recording_stopped').length === 1, 'the reason event');
  });
});
