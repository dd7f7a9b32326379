/**
 * The only dynamic imports of the recorder chunk (rrweb, plugins, signals, transport) and of
 * console and network capture (only when turned on, fetched beside it so they patch the page
 * as recording starts). Bundlers split them out, so a page that never records never downloads
 * them.
 */
export async function loadRecorderChunk(withCaptures: boolean) {
  const [chunk, captures] = await Promise.all([
    import('../lazy/index.js'),
    withCaptures ? import('../lazy/optionalCaptures.js') : undefined,
  ]);
  return { startCapture: chunk.startCapture, captures };
}
