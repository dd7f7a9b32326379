import { gunzipSync } from 'node:zlib';
import { type Collector, eventsOf, startCollector, until } from '@tapedeck/test-collector';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compressHere } from '../lazy/compressor.js';
import { cutGzipped, serialize } from '../lazy/cutChunks.js';
import { type OutgoingChunk, Transport } from '../lazy/Transport.js';
import { kept } from '../lazy/tailStore.js';
import type { Recorder } from '../Recorder.js';
import { resetPage, startRecorder } from './record.js';

const envelope = { sessionId: 's1', windowId: 'w1', sdk: { name: 'test', version: '0' } };
/** Text gzip cannot shrink much, so sizes after compression are what a test sets. */
const noise = (chars: number) =>
  Array.from({ length: chars }, () => String.fromCharCode(33 + Math.floor(Math.random() * 90)))
    .join('')
    .replace(/["\\]/g, 'x');
const event = (i: number, chars: number) => ({
  type: 3,
  timestamp: 1_700_000_000_000 + i,
  data: { source: 0, text: noise(chars) },
});
const chunkOf = (seq: number, chars: number): OutgoingChunk => {
  const [chunk] = cutGzipped([serialize(event(seq, chars))], envelope, 1e9, 1e9, () => seq);
  return { ...chunk!, gzip: undefined };
};
const unreachable = 'http://127.0.0.1:9/s/?token=t'; // the discard port: nothing answers
const transportTo = (url: string) =>
  new Transport({ url, compress: compressHere, onError() {}, onDrop() {}, maxQueueBytes: 1e8 });

describe('the tail of a recording', () => {
  let collector: Collector;
  let recorder: Recorder | undefined;

  beforeEach(async () => {
    resetPage('<main id="view"><h1>start</h1></main>');
    collector = await startCollector();
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    recorder?.stop();
    recorder = undefined;
    await collector.close();
  });

  const swapView = (marker: string) => {
    const view = document.getElementById('view')!;
    view.innerHTML = `<h1>${marker}</h1>${'<p>row</p>'.repeat(200)}`;
  };

  it('stop() settles once what was buffered is acknowledged, the change made just before included', async () => {
    recorder = await startRecorder(collector, { flushIntervalMs: 60_000 });
    swapView('view-before-stop'); // rrweb hands this over in a microtask, after stop() is called
    await recorder.stop();
    expect(JSON.stringify(eventsOf(collector))).toContain('view-before-stop');
  });

  it('stop() keeps retrying what the server could not take yet, and settles once it has', async () => {
    recorder = await startRecorder(collector, { flushIntervalMs: 60_000 });
    collector.statuses.push({ status: 503 }, { status: 503 });
    swapView('view-after-outage');
    await recorder.stop();
    expect(collector.statuses).toHaveLength(0);
    expect(JSON.stringify(eventsOf(collector))).toContain('view-after-outage');
  });

  it('sends a chunk’s worth at once, not at the next flush', async () => {
    recorder = await startRecorder(collector, { flushIntervalMs: 60_000 });
    const before = collector.chunks.length;
    for (let i = 0; i < 3; i++) swapView(`big-view-${i}-${noise(60_000)}`);
    await until(() => collector.chunks.length > before, 'a chunk before the flush interval');
  });

  it('hands the tail to the browser, gzipped, as soon as the page is hidden', async () => {
    const fetches = vi.spyOn(window, 'fetch');
    recorder = await startRecorder(collector, { flushIntervalMs: 60_000 });
    swapView('view-then-hidden');
    await Promise.resolve(); // rrweb's mutation observer
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    // Handed off: keepalive, and gzip told by its bytes (no compression=gzip in the URL).
    const handed = fetches.mock.calls.find(
      ([url, init]) => init?.keepalive === true && !String(url).includes('compression'),
    );
    expect(handed).toBeDefined();
    const body = handed![1]!.body as Uint8Array;
    expect([body[0], body[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(body).toString()).toContain('view-then-hidden');
    await until(() => JSON.stringify(eventsOf(collector)).includes('view-then-hidden'));
  });

  it('splits the tail by its size after compression', () => {
    let seq = 10;
    const events = Array.from({ length: 12 }, (_, i) => serialize(event(i, 20_000)));
    const chunks = cutGzipped(events, envelope, 1e9, 60_000, () => seq++);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.gzip!.length).toBeLessThanOrEqual(60_000);
    const back = chunks.flatMap((c) => JSON.parse(gunzipSync(c.gzip!).toString()).events);
    expect(back.map((e) => e.timestamp)).toEqual(events.map((e) => e.timestamp));
    const seqs = chunks.map((c) => c.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs); // in order, gaps allowed
  });

  it('hands no more than the browser’s 64 KB allowance, and keeps every chunk on the device', () => {
    const transport = transportTo(unreachable);
    const fetches = vi.spyOn(window, 'fetch').mockImplementation(() => new Promise(() => {}));
    const sizes = [20_000, 20_000, 20_000, 20_000, 20_000];
    for (const [seq, chars] of sizes.entries()) transport.send(chunkOf(seq, chars));
    transport.handOff();
    const handed = fetches.mock.calls.filter(([, init]) => init?.keepalive === true);
    const bytes = handed.reduce((sum, [, init]) => sum + (init!.body as Uint8Array).length, 0);
    expect(bytes).toBeLessThanOrEqual(64 * 1024);
    expect(handed.length).toBeLessThan(sizes.length);
    expect(
      kept()
        .map((c) => c.key)
        .sort(),
    ).toEqual(sizes.map((_, seq) => `s1:w1:${seq}`));
    transport.dispose();
  });

  it('sends what could not go out on the next page load, under the same key, once', async () => {
    const down = vi.spyOn(window, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const before = transportTo(`${collector.host}/s/?token=t`);
    before.send(chunkOf(7, 1000));
    before.handOff(); // the server is unreachable as the page goes away
    before.dispose();
    down.mockRestore();
    const next = transportTo(`${collector.host}/s/?token=t`); // the next page load
    next.resendKept();
    await next.drain();
    expect(collector.chunks.map((c) => `${c.sessionId}:${c.windowId}:${c.seq}`)).toEqual([
      's1:w1:7',
    ]);
    expect(kept()).toEqual([]);
    const again = transportTo(`${collector.host}/s/?token=t`);
    again.resendKept();
    await again.drain();
    expect(collector.chunks).toHaveLength(1);
  });

  // Compresses 2.4 MB on the spot, as the exit path does: seconds on a busy machine.
  it('keeps a bounded amount, and forgets what the server would refuse as too old', {
    timeout: 180_000,
  }, () => {
    const transport = transportTo(unreachable);
    vi.spyOn(window, 'fetch').mockImplementation(() => new Promise(() => {}));
    for (let seq = 0; seq < 40; seq++) transport.send(chunkOf(seq, 60_000));
    transport.handOff();
    const used = Object.keys(localStorage)
      .filter((k) => k.startsWith('td_tail:'))
      .reduce((sum, k) => sum + localStorage.getItem(k)!.length, 0);
    expect(used).toBeGreaterThan(1_000_000);
    expect(used).toBeLessThanOrEqual(1_500_000);
    expect(kept(Date.now() + 21 * 3_600_000)).toEqual([]);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('td_tail:'))).toEqual([]);
    transport.dispose();
  });
});
