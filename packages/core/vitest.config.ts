import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __TAPEDECK_VERSION__: JSON.stringify('0.0.0-test') },
  test: { testTimeout: 30_000, include: ['src/**/*.test.ts'], environment: 'jsdom' },
});
