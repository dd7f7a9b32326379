import { defineConfig } from 'tsdown';

// The runtime plugins are shipped as their own files: Nuxt bundles it into the app from the path the
// module gives, resolving `#app` there.
export default defineConfig({
  entry: ['src/module.ts', 'src/runtime/plugin.ts', 'src/runtime/server.ts'],
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  deps: { neverBundle: [/^#/, /^vue/, /^@tapedeck\//, /^@nuxt\//, /^nuxt/] },
});
