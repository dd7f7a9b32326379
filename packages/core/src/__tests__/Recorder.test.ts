import { type Collector, startCollector, until } from '@tapedeck/test-collector';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../createRecorder.js';
import type { Recorder } from '../Recorder.js';
import type { RecorderState } from '../types.js';

describe('Recorder in a page', () => {
  let collector: Collector;
  let recorder: Recorder;

  beforeEach(async () => {
    localStorage.clear();
    sessionStorage.clear();
    document.body.innerHTML =
      '<input id="name" value="preset-secret"><p class="td-mask">masked-text</p><p>plain-text</p>';
    collector = await startCollector();
    recorder = createRecorder({
      host: collector.host,
      token: 'tok',
      flushIntervalMs: 100,
      remoteConfig: false,
    });
  });

  afterEach(async () => {
    recorder.stop();
    await collector.close();
  });

  it('moves through buffering to recording and tells subscribers', async () => {
    const seen: RecorderState['status'][] = [];
    const unsubscribe = recorder.subscribe((s) => seen.push(s.status));
    recorder.start();
    recorder.start(); // a second start is a no-op
    await until(() => recorder.getSnapshot().status === 'recording');
    unsubscribe();
    recorder.stop();
    expect(seen.slice(-2)).toEqual(['buffering', 'recording']);
    expect(recorder.getSnapshot().status).toBe('stopped');
    expect(recorder.getSnapshot().sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a snapshot, page views and masked input as numbered chunks', async () => {
    recorder.start();
    await until(() => recorder.getSnapshot().status === 'recording');
    const input = document.getElementById('name') as HTMLInputElement;
    input.value = 'typed-secret';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    history.pushState({}, '', '/checkout');
    await until(
      () =>
        JSON.stringify(collector.chunks).includes('/checkout') &&
        JSON.stringify(collector.chunks).includes('"source":5'),
      'the page view and the input',
      20_000,
    );

    const events = collector.chunks.flatMap((c) => c.events);
    expect(events.some((e) => e.type === 2)).toBe(true); // full snapshot
    const pageviews = events
      .filter((e) => e.type === 5)
      .map((e) => (e.data as { payload: { href: string } }).payload.href);
    expect(pageviews).toEqual(['http://localhost:3000/', 'http://localhost:3000/checkout']);
    expect(collector.chunks.map((c) => c.seq)).toEqual(collector.chunks.map((_, i) => i));
    expect(collector.chunks.every((c) => c.sessionId === recorder.getSessionId())).toBe(true);

    const sent = collector.chunks.map((c) => JSON.stringify(c)).join('\n');
    expect(sent).toContain('plain-text');
    expect(sent).not.toContain('typed-secret');
    expect(sent).not.toContain('preset-secret');
    expect(sent).not.toContain('masked-text');
  });

  it('retries after a 503 and loses nothing, in order', { timeout: 30_000 }, async () => {
    collector.statuses.push({ status: 503 });
    recorder.start();
    await until(() => collector.statuses.length === 0); // the first upload got its 503
    document.body.append(Object.assign(document.createElement('b'), { textContent: 'later' }));
    await until(
      () => JSON.stringify(collector.chunks).includes('later'),
      'the later change',
      20_000,
    );
    // The refused chunk was sent again, and everything arrived once, in order.
    expect(collector.chunks.map((c) => c.seq)).toEqual(collector.chunks.map((_, i) => i));
    expect(collector.chunks.length).toBeGreaterThanOrEqual(2);
  });
});
