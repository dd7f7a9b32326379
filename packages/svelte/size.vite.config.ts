import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// What an app pays for this package: the built package, compiled by Svelte and minified,
// with Svelte and @tapedeck/core left out. size-limit then measures it.
export default defineConfig({
  plugins: [svelte()],
  logLevel: 'warn',
  build: {
    outDir: '.size',
    emptyOutDir: true,
    lib: { entry: 'dist/index.js', formats: ['es'], fileName: 'adapter' },
    rollupOptions: { external: [/^svelte/, /^@tapedeck\//] },
  },
});
