import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nuxt generates `#app` in each app; the tests mock it on top of this stand-in.
  resolve: {
    alias: { '#app': fileURLToPath(new URL('src/__tests__/appStub.ts', import.meta.url)) },
  },
  test: {
    testTimeout: 30_000,
    include: ['src/**/*.test.ts'],
    environment: 'jsdom',
  },
});
