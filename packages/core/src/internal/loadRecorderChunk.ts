/**
 * The only dynamic import of the recorder chunk (rrweb, plugins, signals, transport).
 * Bundlers split it out, so a page that never records never downloads it.
 */
export function loadRecorderChunk(): Promise<typeof import('../lazy/index.js')> {
  return import('../lazy/index.js');
}
