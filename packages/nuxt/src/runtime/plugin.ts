import { type RecorderConfig, Tapedeck } from '@tapedeck/vue';
import { defineNuxtPlugin, useRouter, useRuntimeConfig } from '#app';

/** Client only (the module registers it so): installs @tapedeck/vue with the module's options. */
export default defineNuxtPlugin({
  name: 'tapedeck',
  setup(nuxtApp) {
    const options = useRuntimeConfig().public.tapedeck as RecorderConfig | undefined;
    if (!options?.host || !options.token) {
      console.warn(
        '[@tapedeck/nuxt] Not recording: set `tapedeck: { host, token }` in nuxt.config, or ' +
          'NUXT_PUBLIC_TAPEDECK_HOST and NUXT_PUBLIC_TAPEDECK_TOKEN.',
      );
      return;
    }
    nuxtApp.vueApp.use(Tapedeck, { ...options, router: useRouter() });
  },
});
