declare const __TAPEDECK_VERSION__: string;

export const SDK_NAME = '@tapedeck/core';
/** Replaced at build time with the package version. */
export const SDK_VERSION: string =
  typeof __TAPEDECK_VERSION__ === 'string' ? __TAPEDECK_VERSION__ : '0.0.0-dev';
