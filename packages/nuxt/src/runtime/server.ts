import { createRecorder, recorderKey } from '@tapedeck/vue';
import { defineNuxtPlugin } from '#app';

/**
 * Server only: gives server rendering a recorder that is never started (core never starts on
 * the server, and nothing here mounts), so `useRecorder` and `useRecorderState` render the idle
 * state instead of throwing. Nothing is recorded or sent from the server.
 */
export default defineNuxtPlugin({
  name: 'tapedeck:server',
  setup(nuxtApp) {
    nuxtApp.vueApp.provide(recorderKey, createRecorder({ host: 'http://localhost', token: 'ssr' }));
  },
});
