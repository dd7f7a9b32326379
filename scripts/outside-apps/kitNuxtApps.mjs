// The SvelteKit (adapter-node) and Nuxt (@tapedeck/nuxt) apps recorded by
// scripts/outside-apps.mjs, both rendered on the server and hydrated in the browser.
import { page } from './page.mjs';

const kit = page('sveltekit');
const nuxt = page('nuxt');

export const sveltekit = {
  name: 'sveltekit',
  adapters: ['svelte'],
  budget: '@tapedeck/svelte 2 KB',
  tapedeck: ['svelte', 'core', 'protocol'],
  dependencies: {},
  devDependencies: {
    // Kit 3 (adapter-node 6) needs Node 22; this machine and our engines say 20.19.
    '@sveltejs/adapter-node': '5.5.7',
    '@sveltejs/kit': '2.70.4',
    '@sveltejs/vite-plugin-svelte': '7.3.1',
    svelte: '5.57.3',
    vite: '8.3.8',
  },
  build: ['npx', 'vite', 'build'],
  buildEnv: (server) => ({ VITE_TD_HOST: server.url, VITE_TD_TOKEN: server.token }),
  serve: () => ['node', 'build'],
  serveEnv: () => ({ HOST: '127.0.0.1' }),
  clientDirs: ['build/client'],
  files: {
    'svelte.config.js': `import adapter from '@sveltejs/adapter-node';
export default { kit: { adapter: adapter() } };
`,
    'vite.config.js': `import { sveltekit } from '@sveltejs/kit/vite';
export default { plugins: [sveltekit()], build: { sourcemap: 'hidden' } };
`,
    'src/app.html': `<!doctype html>
<html lang="en"><head><meta charset="utf-8" />%sveltekit.head%</head>
<body><div style="display: contents">%sveltekit.body%</div></body></html>
`,
    'src/routes/+layout.svelte': `<script>
import { afterNavigate } from '$app/navigation';
import { createRecorder, TapedeckProvider, trackNavigation } from '@tapedeck/svelte';

let { children } = $props();
const recorder = createRecorder({
  host: import.meta.env.VITE_TD_HOST,
  token: import.meta.env.VITE_TD_TOKEN,
});
trackNavigation(afterNavigate, recorder);
</script>

<TapedeckProvider {recorder}>{@render children()}</TapedeckProvider>
`,
    'src/routes/+page.svelte': `<script>
import { Mask } from '@tapedeck/svelte';
let pressed = $state(false);
</script>

<main>
  <h1>${kit.visible}</h1>
  <Mask><p>${kit.masked}</p></Mask>
  <label>Name <input name="name" /></label>
  <button type="button" onclick={() => (pressed = true)}>Press</button>
  {#if pressed}<p>pressed</p>{/if}
</main>
`,
  },
};

export const nuxtApp = {
  name: 'nuxt',
  adapters: ['nuxt', 'vue'],
  budget: '@tapedeck/vue 2 KB (+ nuxt plugin)',
  tapedeck: ['nuxt', 'vue', 'core', 'protocol'],
  dependencies: { nuxt: '3.21.11', vue: '3.5.45' },
  devDependencies: {},
  build: ['npx', 'nuxt', 'build'],
  buildEnv: () => ({}),
  serve: () => ['node', '.output/server/index.mjs'],
  // host and token come at run time, through runtimeConfig.public.
  serveEnv: (server) => ({
    HOST: '127.0.0.1',
    NUXT_PUBLIC_TAPEDECK_HOST: server.url,
    NUXT_PUBLIC_TAPEDECK_TOKEN: server.token,
  }),
  clientDirs: ['.output/public/_nuxt'],
  files: {
    'nuxt.config.js': `export default defineNuxtConfig({
  modules: ['@tapedeck/nuxt'],
  tapedeck: {},
  sourcemap: { client: 'hidden', server: false },
  telemetry: false,
  devtools: { enabled: false },
});
`,
    'app.vue': `<script setup>
import { Mask } from '@tapedeck/vue';
// Auto-imported by @tapedeck/nuxt; the idle state while rendering on the server.
const state = useRecorderState();
const pressed = ref(false);
</script>

<template>
  <main>
    <h1>${nuxt.visible}</h1>
    <Mask><p>${nuxt.masked}</p></Mask>
    <label>Name <input name="name" /></label>
    <button type="button" @click="pressed = true">Press</button>
    <p v-if="pressed">pressed</p>
    <p>recorder: {{ state.status }}</p>
  </main>
</template>
`,
  },
};
