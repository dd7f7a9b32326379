import {
  type Collector,
  customsOf,
  eventsOf,
  sleep,
  startCollector,
  until,
} from '@tapedeck/test-collector';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../createRecorder.js';
import { hashToUnit, isSampledIn } from '../internal/sample.js';
import type { Recorder } from '../Recorder.js';
import { resetPage, startRecorder } from './record.js';

const status = (recorder: Recorder) => recorder.getSnapshot().status;
const tags = (collector: Collector) => customsOf(collector).map((c) => c.tag);

describe('control', () => {
  let collector: Collector;
  let recorder: Recorder | undefined;

  beforeEach(async () => {
    resetPage('<button id="b">b</button><p id="p">text</p>');
    collector = await startCollector();
    recorder = undefined;
  });

  afterEach(async () => {
    recorder?.stop();
    await collector.close();
  });

  it('waits for consent when opted out by default, and remembers the choice', async () => {
    recorder = createRecorder({
      host: collector.host,
      token: 't',
      optOutByDefault: true,
      remoteConfig: false,
      flushIntervalMs: 100,
    });
    recorder.start();
    expect(status(recorder)).toBe('waiting-for-consent');
    expect(recorder.hasOptedOut()).toBe(true);
    await sleep(300);
    expect(collector.chunks).toEqual([]);
    recorder.optIn();
    await until(() => status(recorder!) === 'recording', 'recording after opt-in');
    await until(() => collector.chunks.length > 0, 'a chunk');
    recorder.optOut();
    expect(status(recorder)).toBe('waiting-for-consent');
    // A new page load remembers the opt-out.
    const again = createRecorder({ host: collector.host, token: 't', remoteConfig: false });
    expect(again.hasOptedOut()).toBe(true);
    again.start();
    expect(status(again)).toBe('waiting-for-consent');
    again.stop();
  });

  it('drops what was buffered when the visitor opts out', async () => {
    recorder = await startRecorder(collector, { flushIntervalMs: 60_000 });
    document.getElementById('p')!.textContent = 'never-sent';
    await sleep(50);
    recorder.optOut();
    await sleep(200);
    expect(JSON.stringify(collector.chunks)).not.toContain('never-sent');
  });

  it('decides sampling once per session id, evenly', () => {
    const ids = Array.from(
      { length: 2000 },
      (_, i) => `0192a0c1-7d2e-7c3b-9a4f-${String(i).padStart(12, '0')}`,
    );
    const inRate = ids.filter((id) => isSampledIn(id, 0.25)).length / ids.length;
    expect(inRate).toBeGreaterThan(0.2);
    expect(inRate).toBeLessThan(0.3);
    expect(hashToUnit(ids[0]!)).toBe(hashToUnit(ids[0]!));
    expect(isSampledIn(ids[0]!, 0)).toBe(false);
    expect(isSampledIn(ids[0]!, 1)).toBe(true);
  });

  it('never loads or sends anything for a session sampled out, until startRecording()', async () => {
    recorder = await startRecorder(collector, { sampleRate: 0 }, (s) => s.status === 'sampled-out');
    await sleep(300);
    expect(collector.chunks).toEqual([]);
    recorder.startRecording();
    await until(() => status(recorder!) === 'recording', 'recording when forced');
    await until(() => collector.chunks.length > 0, 'a chunk');
  });

  it('obeys a server-side decision not to record', async () => {
    recorder = await startRecorder(
      collector,
      { recording: { enabled: false } },
      (s) => s.status === 'sampled-out',
    );
    await sleep(200);
    expect(collector.chunks).toEqual([]);
  });

  it('obeys a server-side decision given after the recorder was made, before it starts', async () => {
    recorder = createRecorder({ host: collector.host, token: 't', remoteConfig: false });
    recorder.decide({ enabled: false, sampleRate: 0 });
    recorder.start();
    await until(() => status(recorder!) === 'sampled-out', 'sampled out by the decision');
    await sleep(200);
    expect(collector.chunks).toEqual([]);
  });

  it('stops and forgets what is buffered when a decision says no while recording', async () => {
    recorder = await startRecorder(collector, { flushIntervalMs: 60_000 });
    document.getElementById('p')!.textContent = 'decided-against';
    recorder.decide({ enabled: false });
    expect(status(recorder)).toBe('sampled-out');
    await sleep(300);
    expect(JSON.stringify(collector.chunks)).not.toContain('decided-against');
  });

  it('holds a session shorter than minimumDurationMs, then sends all of it', async () => {
    recorder = await startRecorder(
      collector,
      { minimumDurationMs: 3000 },
      (s) => s.status === 'buffering',
    );
    document.getElementById('p')!.textContent = 'early-text';
    await sleep(300);
    expect(collector.chunks).toEqual([]);
    await until(() => status(recorder!) === 'recording', 'recording once long enough', 20_000);
    await until(
      () => JSON.stringify(collector.chunks).includes('early-text'),
      'the early events',
      20_000,
    );
    expect(eventsOf(collector)[0]?.type).toBe(4); // starts with a Meta + full snapshot
  });

  it('sends nothing until a trigger event, then the seconds before it', async () => {
    recorder = await startRecorder(
      collector,
      { triggerEvents: ['checkout_started'] },
      (s) => s.status === 'buffering',
    );
    document.getElementById('p')!.textContent = 'before-trigger';
    recorder.capture('browsing');
    await sleep(300);
    expect(collector.chunks).toEqual([]);
    recorder.capture('checkout_started', { cart: 2 });
    await until(() => status(recorder!) === 'recording', 'recording after the trigger');
    await until(() => tags(collector).includes('checkout_started'), 'the trigger event');
    expect(tags(collector)).toContain('browsing');
    expect(JSON.stringify(collector.chunks)).toContain('before-trigger');
  });

  it('buffers until an error, then sends the buffer with the $exception', async () => {
    recorder = await startRecorder(
      collector,
      { bufferUntilError: true },
      (s) => s.status === 'buffering',
    );
    document.getElementById('p')!.textContent = 'before-error';
    await sleep(300);
    expect(collector.chunks).toEqual([]);
    recorder.captureException(new TypeError('cart is undefined'));
    await until(() => tags(collector).includes('$exception'), 'the exception');
    const exception = customsOf(collector).find((c) => c.tag === '$exception')!;
    expect(exception.payload).toMatchObject({ type: 'TypeError', message: 'cart is undefined' });
    expect(JSON.stringify(collector.chunks)).toContain('before-error');
    expect(status(recorder)).toBe('recording');
  });

  it('pauses on a blocklisted URL and resumes with a full snapshot after it', async () => {
    recorder = await startRecorder(collector, { urlBlocklist: ['/account', /\/admin\//] });
    history.pushState({}, '', '/account/settings');
    expect(status(recorder)).toBe('paused');
    document.getElementById('p')!.textContent = 'account-secret';
    await sleep(200);
    const before = eventsOf(collector).length;
    document.getElementById('p')!.textContent = 'shop-page'; // the app renders the next page
    history.pushState({}, '', '/shop');
    await until(() => status(recorder!) === 'recording', 'recording after leaving');
    await until(() => eventsOf(collector).length > before, 'events after leaving');
    await sleep(200);
    const sent = JSON.stringify(collector.chunks);
    expect(sent).not.toContain('account-secret');
    expect(sent).not.toContain('/account/settings');
    expect(
      eventsOf(collector)
        .slice(before)
        .some((e) => e.type === 2),
    ).toBe(true);
  });

  it('reads remote settings from the server, and options in code win', async () => {
    collector.settings = { sampleRate: 0, minimumDurationMs: 0 };
    recorder = await startRecorder(
      collector,
      { remoteConfig: true },
      (s) => s.status === 'sampled-out',
    );
    expect(collector.configRequests).toBe(1);
    recorder.stop();
    localStorage.clear();
    recorder = await startRecorder(collector, { remoteConfig: true, sampleRate: 1 });
    expect(status(recorder)).toBe('recording');
  });

  it('starts once however often it is retained, and stops when the last releases', async () => {
    recorder = createRecorder({
      host: collector.host,
      token: 't',
      remoteConfig: false,
      flushIntervalMs: 100,
    });
    const releaseA = recorder.retain();
    releaseA(); // StrictMode: mount, unmount,
    const releaseB = recorder.retain(); // and mount again in the same tick
    const releaseC = recorder.retain();
    await until(() => status(recorder!) === 'recording', 'recording');
    const sessionId = recorder.getSessionId();
    await sleep(100);
    expect(status(recorder)).toBe('recording');
    releaseB();
    await sleep(20);
    expect(status(recorder)).toBe('recording');
    releaseC();
    await sleep(20);
    expect(status(recorder)).toBe('stopped');
    expect(eventsOf(collector).filter((e) => e.type === 2)).toHaveLength(1); // one recording
    expect(collector.chunks.every((c) => c.sessionId === sessionId)).toBe(true);
  });
});
