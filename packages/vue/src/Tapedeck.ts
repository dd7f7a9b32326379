import { createRecorder, type Recorder, type RecorderConfig } from '@tapedeck/core';
import type { App, ComponentPublicInstance } from 'vue';
import { vTdBlock, vTdMask, vTdUnmask } from './directives.js';
import { recorderKey } from './recorderKey.js';

/** A router as far as Tapedeck needs one (vue-router's `afterEach`). */
interface RouterLike {
  afterEach(guard: (to: { fullPath: string; name?: unknown }) => void): () => void;
}

/** Either a recorder you made, or the options to make one; and optionally your router. */
export type TapedeckOptions = ({ recorder: Recorder } | RecorderConfig) & { router?: RouterLike };

const componentName = (instance: ComponentPublicInstance | null) =>
  instance?.$options.name ?? (instance?.$.type as { __name?: string } | undefined)?.__name ?? null;

/**
 * `app.use(Tapedeck, { host, token })` or `app.use(Tapedeck, { recorder })`: provides the
 * recorder, registers `v-td-mask`, `v-td-unmask` and `v-td-block`, starts it when the app mounts (reference-counted in core, so several apps or
 * installs record once) and records errors from `app.config.errorHandler` as `$exception`
 * with the component name, still calling the handler the app had.
 */
export const Tapedeck = {
  install(app: App, options: TapedeckOptions) {
    const { router, ...rest } = options;
    const recorder = 'recorder' in rest ? rest.recorder : createRecorder(rest as RecorderConfig);
    app.provide(recorderKey, recorder);
    app.directive('td-mask', vTdMask);
    app.directive('td-unmask', vTdUnmask);
    app.directive('td-block', vTdBlock);

    const { mount, unmount } = app;
    let release: (() => void) | undefined;
    app.mount = (...args: Parameters<App['mount']>) => {
      const root = mount.apply(app, args);
      release ??= recorder.retain();
      return root;
    };
    app.unmount = () => {
      unmount.call(app);
      release?.();
      release = undefined;
    };

    const previous = app.config.errorHandler;
    app.config.errorHandler = (error, instance, info) => {
      recorder.captureException(error, { component: componentName(instance), info });
      if (previous) previous(error, instance, info);
      else console.error(error); // what Vue does when no handler is set
    };

    // vue-router navigates with pushState, which core records as $pageview; add the route.
    router?.afterEach((to) =>
      recorder.capture('$route', { path: to.fullPath, name: to.name ?? null }),
    );
  },
};
