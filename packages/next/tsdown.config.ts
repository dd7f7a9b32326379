import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/server.ts'],
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  // One output file per source file, so each keeps its own 'use client' (or none).
  unbundle: true,
  external: [/^react/, /^next/, /^@tapedeck\//],
});
