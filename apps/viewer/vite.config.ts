import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    rollupOptions: {
      input: {
        viewer: resolve(import.meta.dirname, 'index.html'),
        demo: resolve(import.meta.dirname, 'demo/index.html'),
      },
    },
  },
  // `pnpm dev` here talks to a server started with `pnpm start` at the root.
  server: { proxy: { '/api': 'http://127.0.0.1:8787', '/s/': 'http://127.0.0.1:8787' } },
});
