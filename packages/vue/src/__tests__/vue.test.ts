import { createRecorder, type Recorder } from '@tapedeck/core';
import { startCollector } from '@tapedeck/test-collector';
import { cleanup, render, screen, waitFor } from '@testing-library/vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h, nextTick, withDirectives } from 'vue';
import { Mask, Tapedeck, useRecorder, useRecorderState, vTdBlock, vTdMask } from '../index.js';

type Collector = Awaited<ReturnType<typeof startCollector>>;

const Status = defineComponent({
  setup() {
    const state = useRecorderState();
    return () => h('p', `status: ${state.value.status}`);
  },
});

const Broken = defineComponent({
  name: 'BrokenCart',
  setup() {
    throw new TypeError('cart is undefined');
  },
});

describe('@tapedeck/vue', () => {
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

  const withPlugin = (extra: object = {}) => ({
    global: { plugins: [[Tapedeck, { recorder, ...extra }]] as never },
  });

  it('re-renders when the recorder state changes', async () => {
    render(Status, withPlugin());
    await screen.findByText('status: recording');
    recorder.optOut();
    await nextTick();
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
    const { unmount } = render(Status, withPlugin());
    unmount();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('starts one recording however many times it is installed', async () => {
    const stop = vi.spyOn(recorder, 'stop');
    const host = document.createElement('div');
    document.body.append(host);
    const app = createApp(Status);
    app.use(Tapedeck, { recorder });
    app.use(Tapedeck, { recorder });
    app.mount(host);
    const second = createApp(Status).use(Tapedeck, { recorder });
    second.mount(document.body.appendChild(document.createElement('div')));
    await waitFor(() => expect(recorder.getSnapshot().status).toBe('recording'));
    // Once the first recording has sent its snapshot, a second would have started.
    await waitFor(() =>
      expect(collector.chunks.some((c) => c.events.some((e) => e.type === 2))).toBe(true),
    );
    expect(stop).not.toHaveBeenCalled();
    expect(collector.chunks.flatMap((c) => c.events).filter((e) => e.type === 2)).toHaveLength(1);
    app.unmount();
    second.unmount();
  });

  it('reports a component error once as $exception, with the component, and still calls the app handler', async () => {
    const capture = vi.spyOn(recorder, 'captureException');
    const own = vi.fn();
    const host = document.body.appendChild(document.createElement('div'));
    const app = createApp({ render: () => h(Broken) });
    app.config.errorHandler = own;
    app.use(Tapedeck, { recorder });
    app.mount(host);
    expect(capture).toHaveBeenCalledTimes(1);
    expect((capture.mock.calls[0]![0] as Error).message).toBe('cart is undefined');
    expect(capture.mock.calls[0]![1]).toMatchObject({ component: 'BrokenCart' });
    expect(own).toHaveBeenCalledTimes(1);
    app.unmount();
  });

  it('masks through the directives and the component in the recorded events', async () => {
    render(
      defineComponent({
        setup: () => () =>
          h('div', [
            withDirectives(h('p', 'directive-secret'), [[vTdMask]]),
            withDirectives(h('div', [h('span', 'blocked-secret')]), [[vTdBlock]]),
            h(Mask, { as: 'span' }, () => 'component-secret'),
            h('p', 'visible-text'),
          ]),
      }),
      withPlugin(),
    );
    await waitFor(() => expect(JSON.stringify(collector.chunks)).toContain('visible-text'));
    const sent = JSON.stringify(collector.chunks);
    expect(sent).not.toContain('directive-secret');
    expect(sent).not.toContain('blocked-secret');
    expect(sent).not.toContain('component-secret');
    expect(sent).toContain('*'.repeat('component-secret'.length));
  });

  it('says clearly when a composable is used without the plugin', () => {
    const Orphan = defineComponent({
      setup() {
        useRecorder();
        return () => null;
      },
    });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(() => render(Orphan)).toThrow('useRecorder() needs the Tapedeck plugin');
  });
});
