import { beforeEach, describe, expect, it, vi } from 'vitest';

const kit = vi.hoisted(() => ({
  addPlugin: vi.fn(),
  addImports: vi.fn(),
}));
vi.mock('@nuxt/kit', () => ({
  ...kit,
  createResolver: () => ({ resolve: (path: string) => `/pkg/dist/${path.slice(2)}` }),
  defineNuxtModule: (definition: unknown) => definition,
}));

const { default: definition } = (await import('../module.js')) as unknown as {
  default: { setup(options: object, nuxt: unknown): void; meta: { configKey: string } };
};

const nuxtWith = (publicConfig: Record<string, unknown> = {}) => ({
  options: { runtimeConfig: { public: publicConfig } },
});

describe('@tapedeck/nuxt', () => {
  beforeEach(() => vi.clearAllMocks());

  it('records from a client-only plugin; the server gets only a recorder that never starts', () => {
    definition.setup({ host: 'https://replay.example', token: 'td_1234567' }, nuxtWith());
    expect(kit.addPlugin.mock.calls).toEqual([
      [{ src: '/pkg/dist/runtime/plugin', mode: 'client' }],
      [{ src: '/pkg/dist/runtime/server', mode: 'server' }],
    ]);
  });

  it("auto-imports @tapedeck/vue's composables", () => {
    definition.setup({}, nuxtWith());
    expect(kit.addImports).toHaveBeenCalledWith([
      { name: 'useRecorder', from: '@tapedeck/vue' },
      { name: 'useRecorderState', from: '@tapedeck/vue' },
    ]);
  });

  it('puts the options in runtimeConfig.public, where the app’s own values win', () => {
    const nuxt = nuxtWith({ tapedeck: { token: 'td_from_runtime' } });
    definition.setup({ host: 'https://replay.example', token: 'td_from_module' }, nuxt);
    expect(nuxt.options.runtimeConfig.public.tapedeck).toEqual({
      host: 'https://replay.example',
      token: 'td_from_runtime',
    });
    expect(definition.meta.configKey).toBe('tapedeck');
  });
});
