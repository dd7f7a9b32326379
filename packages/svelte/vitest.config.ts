import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

// Two projects: components in jsdom (Svelte's browser build), and server rendering in Node.
export default defineConfig({
  plugins: [svelte()],
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        plugins: [svelteTesting()],
        test: {
          name: 'dom',
          include: ['test/**/*.test.ts'],
          exclude: ['test/ssr.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/setup.ts'],
        },
      },
      { extends: true, test: { name: 'ssr', include: ['test/ssr.test.ts'], environment: 'node' } },
    ],
  },
});
