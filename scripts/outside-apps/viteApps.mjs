// The Vite apps (React, Vue) recorded by scripts/outside-apps.mjs. Each is the smallest real
// app: its own package.json, Tapedeck from the packed tarballs, the framework from npm.
import { page } from './page.mjs';

const indexHtml = (entry) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>outside</title></head>
<body><div id="app"></div><script type="module" src="${entry}"></script></body></html>
`;

const env = `const host = import.meta.env.VITE_TD_HOST;
const token = import.meta.env.VITE_TD_TOKEN;`;

/** @param {string} name */
const vite = (name) => ({
  build: ['npx', 'vite', 'build'],
  serve: (port) => [
    'npx',
    'vite',
    'preview',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--strictPort',
  ],
  buildEnv: (server) => ({ VITE_TD_HOST: server.url, VITE_TD_TOKEN: server.token }),
  clientDirs: ['dist'],
  name,
});

export const viteReact = {
  ...vite('vite-react'),
  adapters: ['react'],
  budget: '@tapedeck/react 2 KB',
  tapedeck: ['react', 'core', 'protocol'],
  dependencies: { react: '19.3.1', 'react-dom': '19.3.1' },
  devDependencies: { vite: '8.3.8', '@vitejs/plugin-react': '6.3.0' },
  files: {
    'vite.config.js': `import react from '@vitejs/plugin-react';
export default { plugins: [react()], build: { sourcemap: 'hidden' } };
`,
    'index.html': indexHtml('/src/main.jsx'),
    'src/main.jsx': `import { Mask, TapedeckProvider } from '@tapedeck/react';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
${env}

function Page() {
  const [pressed, setPressed] = useState(false);
  return (
    <main>
      <h1>${page('vite-react').visible}</h1>
      <Mask><p>${page('vite-react').masked}</p></Mask>
      <label>Name <input name="name" /></label>
      <button type="button" onClick={() => setPressed(true)}>Press</button>
      {pressed && <p>pressed</p>}
    </main>
  );
}

createRoot(document.getElementById('app')).render(
  <TapedeckProvider options={{ host, token }}><Page /></TapedeckProvider>,
);
`,
  },
};

export const viteVue = {
  ...vite('vite-vue'),
  adapters: ['vue'],
  budget: '@tapedeck/vue 2 KB',
  tapedeck: ['vue', 'core', 'protocol'],
  dependencies: { vue: '3.5.45' },
  devDependencies: { vite: '8.3.8', '@vitejs/plugin-vue': '6.0.11' },
  files: {
    'vite.config.js': `import vue from '@vitejs/plugin-vue';
export default { plugins: [vue()], build: { sourcemap: 'hidden' } };
`,
    'index.html': indexHtml('/src/main.js'),
    'src/main.js': `import { Tapedeck } from '@tapedeck/vue';
import { createApp } from 'vue';
import Page from './Page.vue';
${env}

createApp(Page).use(Tapedeck, { host, token }).mount('#app');
`,
    'src/Page.vue': `<script setup>
import { Mask } from '@tapedeck/vue';
import { ref } from 'vue';
const pressed = ref(false);
</script>

<template>
  <main>
    <h1>${page('vite-vue').visible}</h1>
    <Mask><p>${page('vite-vue').masked}</p></Mask>
    <label>Name <input name="name" /></label>
    <button type="button" @click="pressed = true">Press</button>
    <p v-if="pressed">pressed</p>
  </main>
</template>
`,
  },
};
