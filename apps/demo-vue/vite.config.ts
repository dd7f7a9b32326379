import { defineConfig } from 'vite';

// Components are written with render functions (h), so no SFC compiler is needed.
export default defineConfig({ server: { port: 5174 } });
