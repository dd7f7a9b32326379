// Nuxt generates `#app` in each app; this is as much of it as the plugin uses, for building
// the package on its own.
declare module '#app' {
  import type { App } from 'vue';

  interface NuxtAppLike {
    vueApp: App;
  }
  export function defineNuxtPlugin(plugin: {
    name?: string;
    setup: (nuxtApp: NuxtAppLike) => void;
  }): unknown;
  export function useRuntimeConfig(): { public: Record<string, unknown> };
  export function useRouter(): {
    afterEach(guard: (to: { fullPath: string; name?: unknown }) => void): () => void;
  };
}
