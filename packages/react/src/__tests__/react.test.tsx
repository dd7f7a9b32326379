import { createRecorder, type Recorder } from '@tapedeck/core';
import { startCollector } from '@tapedeck/test-collector';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Block,
  Mask,
  TapedeckErrorBoundary,
  TapedeckProvider,
  useRecorder,
  useRecorderState,
  useSessionId,
} from '../index.js';

type Collector = Awaited<ReturnType<typeof startCollector>>;

function Status() {
  const status = useRecorderState((s) => s.status);
  const sessionId = useSessionId();
  return (
    <p>
      status: {status}, session: {sessionId ? 'yes' : 'no'}
    </p>
  );
}

function Broken(): never {
  throw new TypeError('cart is undefined');
}

function Orphan() {
  useRecorder();
  return null;
}

describe('@tapedeck/react', () => {
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

  it('re-renders consumers when the recorder state changes', async () => {
    render(
      <TapedeckProvider recorder={recorder}>
        <Status />
      </TapedeckProvider>,
    );
    await screen.findByText('status: recording, session: yes');
    act(() => recorder.optOut());
    expect(screen.getByText('status: waiting-for-consent, session: yes')).toBeTruthy();
  });

  it('unsubscribes when unmounted', async () => {
    const unsubscribe = vi.fn();
    const subscribe = recorder.subscribe;
    recorder.subscribe = (listener) => {
      const off = subscribe(listener);
      return () => {
        unsubscribe();
        return off();
      };
    };
    const { unmount } = render(
      <TapedeckProvider recorder={recorder}>
        <Status />
      </TapedeckProvider>,
    );
    unmount();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('starts exactly one recording under StrictMode, with nested providers', async () => {
    const stop = vi.spyOn(recorder, 'stop');
    render(
      <StrictMode>
        <TapedeckProvider recorder={recorder}>
          <TapedeckProvider recorder={recorder}>
            <Status />
          </TapedeckProvider>
        </TapedeckProvider>
      </StrictMode>,
    );
    await screen.findByText('status: recording, session: yes');
    // Once the first recording has sent its snapshot, a second would have started.
    await waitFor(() =>
      expect(collector.chunks.some((c) => c.events.some((e) => e.type === 2))).toBe(true),
    );
    expect(stop).not.toHaveBeenCalled();
    const snapshots = collector.chunks.flatMap((c) => c.events).filter((e) => e.type === 2);
    expect(snapshots).toHaveLength(1);
  });

  it('records masked children as stars and blocked ones not at all', async () => {
    render(
      <TapedeckProvider recorder={recorder}>
        <Mask as="p">card 4242-secret</Mask>
        <Block>
          <span>blocked-secret</span>
        </Block>
        <p>visible-text</p>
      </TapedeckProvider>,
    );
    await waitFor(() => expect(JSON.stringify(collector.chunks)).toContain('visible-text'));
    const sent = JSON.stringify(collector.chunks);
    expect(sent).not.toContain('4242-secret');
    expect(sent).not.toContain('blocked-secret');
    expect(sent).toContain('**** *********');
  });

  it('reports a render error once as $exception with the component stack, and shows the fallback', async () => {
    const capture = vi.spyOn(recorder, 'captureException');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    render(
      <TapedeckProvider recorder={recorder}>
        <TapedeckErrorBoundary fallback={<p>Something went wrong</p>}>
          <Broken />
        </TapedeckErrorBoundary>
      </TapedeckProvider>,
    );
    expect(screen.getByText('Something went wrong')).toBeTruthy();
    expect(capture).toHaveBeenCalledTimes(1);
    const [error, properties] = capture.mock.calls[0]!;
    expect((error as Error).message).toBe('cart is undefined');
    expect((properties as { componentStack: string }).componentStack).toContain('Broken');
  });

  it('says clearly when a hook is used outside the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Orphan />)).toThrow('useRecorder() needs a <TapedeckProvider> above it');
  });
});
