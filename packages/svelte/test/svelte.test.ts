import { createRecorder, type Recorder } from '@tapedeck/core';
import { startCollector } from '@tapedeck/test-collector';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Harness from './Harness.svelte';
import Orphan from './Orphan.svelte';

type Collector = Awaited<ReturnType<typeof startCollector>>;

describe('@tapedeck/svelte', () => {
  let collector: Collector;
  let recorder: Recorder;

  beforeEach(async () => {
    localStorage.clear();
    sessionStorage.clear();
    collector = await startCollector();
    recorder = createRecorder({
      host: collector.host,
      token: 't',
      remoteConfig: false,
      flushIntervalMs: 100,
    });
  });

  afterEach(async () => {
    cleanup();
    recorder.stop();
    await collector.close();
  });

  it('updates the component from the store', async () => {
    render(Harness, { recorder });
    await screen.findByText('status: recording');
    recorder.optOut();
    await tick();
    expect(screen.getByText('status: waiting-for-consent')).toBeTruthy();
  });

  it('unsubscribes when unmounted', () => {
    const unsubscribe = vi.fn();
    const subscribe = recorder.subscribe;
    recorder.subscribe = (listener) => {
      const off = subscribe(listener);
      return () => {
        unsubscribe();
        return off();
      };
    };
    const { unmount } = render(Harness, { recorder });
    unmount();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('starts one recording with two providers', async () => {
    const stop = vi.spyOn(recorder, 'stop');
    render(Harness, { recorder, nested: true });
    await screen.findByText('status: recording');
    // Once the first recording has sent its snapshot, a second would have started.
    await waitFor(() =>
      expect(collector.chunks.some((c) => c.events.some((e) => e.type === 2))).toBe(true),
    );
    expect(stop).not.toHaveBeenCalled();
    expect(collector.chunks.flatMap((c) => c.events).filter((e) => e.type === 2)).toHaveLength(1);
  });

  it('masks through the actions and the component in the recorded events', async () => {
    render(Harness, { recorder });
    await waitFor(() => expect(JSON.stringify(collector.chunks)).toContain('visible-text'));
    const sent = JSON.stringify(collector.chunks);
    expect(sent).not.toContain('action-secret');
    expect(sent).not.toContain('blocked-secret');
    expect(sent).not.toContain('component-secret');
    expect(sent).toContain('*'.repeat('action-secret'.length));
  });

  it('says clearly when there is no recorder', () => {
    expect(() => render(Orphan)).toThrow('getRecorder() needs a recorder above it');
  });
});
