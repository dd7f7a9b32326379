import { defineConfig } from 'vitest/config';

// Generous caps: tests wait for the thing itself, and a busy 2-core machine can be slow to seed.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 60_000, include: ['src/**/*.test.ts'] },
});
