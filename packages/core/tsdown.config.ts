import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsdown';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };

export default defineConfig({
  entry: ['src/index.ts', 'src/lazy/workerSource.ts'],
  format: 'esm',
  platform: 'browser',
  dts: true,
  clean: true,
  // rrweb stays an import, so the app's bundler splits it into the lazy chunk.
  define: { __TAPEDECK_VERSION__: JSON.stringify(version) },
});
