import { defineConfig } from 'tsdown';

export default defineConfig({
  // `api` is its own entry: the recorder imports the protocol and must not carry the schemas.
  entry: { index: 'src/index.ts', api: 'src/api/index.ts' },
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
});
