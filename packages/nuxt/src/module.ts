import { addImports, addPlugin, createResolver, defineNuxtModule } from '@nuxt/kit';
import type { NuxtModule } from '@nuxt/schema';
import type { RecorderConfig } from '@tapedeck/vue';

/**
 * `tapedeck: { … }` in nuxt.config: the recorder's options. They travel in
 * `runtimeConfig.public.tapedeck`, so keep them plain values, and `host`/`token` may instead
 * come at run time from `NUXT_PUBLIC_TAPEDECK_HOST` / `NUXT_PUBLIC_TAPEDECK_TOKEN`.
 */
export type ModuleOptions = Partial<RecorderConfig>;

/**
 * Records the app in the browser only: a client-only plugin installs `@tapedeck/vue` with the
 * options and the router; `useRecorder` and `useRecorderState` are auto-imported and render
 * the idle state on the server, where nothing is recorded.
 */
const tapedeckModule: NuxtModule<ModuleOptions> = defineNuxtModule<ModuleOptions>({
  meta: {
    name: '@tapedeck/nuxt',
    configKey: 'tapedeck',
    compatibility: { nuxt: '^3.12.0 || ^4.0.0' },
  },
  defaults: {},
  setup(options, nuxt) {
    const { resolve } = createResolver(import.meta.url);
    const publicConfig = nuxt.options.runtimeConfig.public as Record<string, unknown>;
    // What the app's own runtimeConfig says wins over the module's options.
    publicConfig.tapedeck = { host: '', token: '', ...options, ...(publicConfig.tapedeck ?? {}) };
    addPlugin({ src: resolve('./runtime/plugin'), mode: 'client' });
    addPlugin({ src: resolve('./runtime/server'), mode: 'server' });
    addImports(
      ['useRecorder', 'useRecorderState'].map((name) => ({ name, from: '@tapedeck/vue' })),
    );
  },
});

export default tapedeckModule;
