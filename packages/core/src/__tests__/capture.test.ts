import {
  type Collector,
  eventsOf,
  sleep,
  startCollector,
  until,
  untilDelivered,
} from '@tapedeck/test-collector';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Recorder } from '../Recorder.js';
import { resetPage, startRecorder } from './record.js';

type Plugin = { plugin: string; payload: Record<string, unknown> };
const plugins = (collector: Collector, name: string) =>
  eventsOf(collector)
    .filter((e) => e.type === 6)
    .map((e) => e.data as Plugin)
    .filter((d) => d.plugin === name)
    .map((d) => d.payload);

describe('console and network capture', () => {
  let collector: Collector;
  let recorder: Recorder | undefined;

  beforeEach(async () => {
    resetPage('<p>page</p>');
    collector = await startCollector();
  });

  afterEach(async () => {
    recorder?.stop();
    await collector.close();
  });

  it('records nothing from the console or network unless asked', async () => {
    recorder = await startRecorder(collector);
    console.log('console-canary');
    await fetch(`${collector.host}/api/other`, { method: 'GET' });
    await untilDelivered(collector, recorder);
    const sent = JSON.stringify(collector.chunks);
    expect(sent).not.toContain('console-canary');
    expect(sent).not.toContain('/api/other');
  });

  it('records mouse moves unless turned off', async () => {
    const isMove = (e: { type: number; data: unknown }) =>
      e.type === 3 && (e.data as { source: number }).source === 1;
    const move = async () => {
      for (let i = 0; i < 20; i++) {
        document.dispatchEvent(
          new MouseEvent('mousemove', { clientX: i * 10, clientY: 5, bubbles: true }),
        );
        await sleep(60); // rrweb samples moves every 50 ms: the moves take real time
      }
    };
    // Off first: rrweb flushes a stopped recording's last batch of moves into the next one.
    const off = await startCollector();
    const quiet = await startRecorder(off, { recordMouseMoves: false });
    await move();
    await sleep(700); // rrweb would emit the moves it batched within 500 ms
    await untilDelivered(off, quiet);
    quiet.stop();
    expect(eventsOf(off).some(isMove)).toBe(false);
    await off.close();

    localStorage.clear();
    sessionStorage.clear();
    const on = await startCollector();
    recorder = await startRecorder(on, {});
    await move();
    await until(() => eventsOf(on).some(isMove), 'the recorded moves');
    await on.close();
  });

  it('signals mouse thrashing from the moves rrweb samples', async () => {
    const isThrashing = (e: { type: number; data: unknown }) =>
      e.type === 5 && (e.data as { tag: string }).tag === '$mouse_thrashing';
    recorder = await startRecorder(collector);
    for (let i = 0; i < 10; i++) {
      document.dispatchEvent(
        new MouseEvent('mousemove', { clientX: i % 2 ? 0 : 200, clientY: 5, bubbles: true }),
      );
      await sleep(60); // rrweb samples moves every 50 ms
    }
    await until(() => eventsOf(collector).some(isThrashing), 'the thrashing signal');
  });

  it('records console calls with levels and caps, and restores the console on stop', async () => {
    const original = console.warn;
    recorder = await startRecorder(collector, {
      recordConsole: { levels: ['warn', 'error'], maxArgs: 2, maxLength: 10 },
    });
    console.warn('careful', { deep: 'x'.repeat(50) }, 'third');
    console.error(new Error('bad'));
    console.info('not recorded');
    await until(() => plugins(collector, 'rrweb/console@1').length === 2, 'two console events');
    const [warn, error] = plugins(collector, 'rrweb/console@1');
    expect(warn).toMatchObject({ level: 'warn', payload: ['careful', '{"deep":"x…', '… 1 more'] });
    expect(error?.level).toBe('error');
    recorder.stop();
    expect(console.warn).toBe(original);
  });

  it('records requests with status, redacts secret headers, and keeps its own out', async () => {
    recorder = await startRecorder(collector, { recordNetwork: { recordHeaders: true } });
    await fetch(`${collector.host}/api/things`, {
      headers: { Authorization: 'Bearer token-canary', 'X-Trace': 'trace-1' },
    });
    await until(() => plugins(collector, 'tapedeck/network@1').length > 0, 'a network event');
    const requests = plugins(collector, 'tapedeck/network@1').flatMap(
      (p) => p.requests as Record<string, unknown>[],
    );
    const things = requests.find((r) => String(r.url).endsWith('/api/things'));
    expect(things).toMatchObject({ method: 'GET', status: 404, initiatorType: 'fetch' });
    expect(things?.requestHeaders).toEqual({ authorization: '[redacted]', 'x-trace': 'trace-1' });
    expect(requests.some((r) => String(r.url).includes('/s/'))).toBe(false);
    expect(JSON.stringify(collector.chunks)).not.toContain('token-canary');
  });

  it('records bodies only for allowed URLs, secret keys redacted, through maskNetworkRequest', async () => {
    recorder = await startRecorder(collector, {
      recordNetwork: {
        recordBody: true,
        networkBodyAllowUrls: ['/api/pay', /\/api\/drop/],
        maskNetworkRequest: (r) =>
          r.url.includes('drop') ? null : { ...r, requestBody: r.requestBody?.replace(/\d/g, '#') },
      },
    });
    await fetch(`${collector.host}/api/pay`, {
      method: 'PUT',
      body: 'card=4242&password=pw-canary',
    });
    await fetch(`${collector.host}/api/pay?json`, {
      method: 'POST',
      body: JSON.stringify({ amount: 'amount-control', user: { password: 'json-canary' } }),
    });
    await fetch(`${collector.host}/api/other`, { method: 'POST', body: 'not-allowed-canary' });
    await fetch(`${collector.host}/api/drop`, { method: 'PUT', body: 'dropped-canary' });
    await until(() => plugins(collector, 'tapedeck/network@1').length >= 3, 'network events');
    await sleep(200);
    const sent = JSON.stringify(plugins(collector, 'tapedeck/network@1'));
    expect(sent).toContain('card=####&password=[redacted]');
    expect(sent).toContain('amount-control');
    expect(sent).toContain('/api/other');
    expect(sent.match(/[a-z-]+-canary/g)).toBeNull();
  });
});
