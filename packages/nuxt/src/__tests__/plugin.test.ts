import { recorderKey } from '@tapedeck/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, inject } from 'vue';

const app = vi.hoisted(() => ({ config: {} as Record<string, unknown> }));
vi.mock('#app', () => ({
  defineNuxtPlugin: (plugin: unknown) => plugin,
  useRuntimeConfig: () => ({ public: app.config }),
  useRouter: () => ({ afterEach: () => () => {} }),
}));

const { default: plugin } = (await import('../runtime/plugin.js')) as unknown as {
  default: { setup(nuxtApp: { vueApp: ReturnType<typeof createApp> }): void };
};

const { default: serverPlugin } = (await import('../runtime/server.js')) as unknown as {
  default: { setup(nuxtApp: { vueApp: ReturnType<typeof createApp> }): void };
};

describe('the server plugin', () => {
  it('lets the composables render the idle state on the server, recording nothing', () => {
    const vueApp = createApp({ setup: () => () => null });
    serverPlugin.setup({ vueApp });
    const recorder = vueApp.runWithContext(() => inject(recorderKey));
    expect(recorder?.getSnapshot().status).toBe('idle');
  });
});

describe('the client plugin', () => {
  afterEach(() => vi.restoreAllMocks());

  it('provides a recorder to the app from runtimeConfig.public.tapedeck', () => {
    app.config = { tapedeck: { host: 'https://replay.example', token: 'td_1234567' } };
    const vueApp = createApp({ setup: () => () => null });
    plugin.setup({ vueApp });
    const recorder = vueApp.runWithContext(() => inject(recorderKey));
    expect(recorder?.getSnapshot().status).toBe('idle');
  });

  it('says which options are missing instead of recording nowhere', () => {
    app.config = { tapedeck: { host: '', token: '' } };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const vueApp = createApp({ setup: () => () => null });
    plugin.setup({ vueApp });
    expect(vueApp.runWithContext(() => inject(recorderKey, null))).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('NUXT_PUBLIC_TAPEDECK_HOST'));
  });
});
