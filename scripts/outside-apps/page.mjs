// What every outside app's one page shows: a visible control text (it must reach the server,
// or the canary check proves nothing), a masked canary, and the canary typed into its input.

/** @param {string} app */
export const page = (app) => ({
  visible: `control-visible-${app}`,
  masked: `canary-masked-${app}`,
  typed: `canary-typed-${app}`,
});

/** Every canary of every app: none may reach the server. */
export const CANARY = /canary-[\w-]+/g;
