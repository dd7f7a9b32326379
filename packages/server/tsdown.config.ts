import { defineConfig } from 'tsdown';

export default defineConfig({
  // The decode thread's entry is its own file: DecodePool starts it beside the bundle.
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli.ts',
    decodeWorker: 'src/internal/decodeWorker.ts',
    placesWorker: 'src/internal/places/placesWorker.ts',
  },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  fixedExtension: false,
  dts: true,
  clean: true,
});
