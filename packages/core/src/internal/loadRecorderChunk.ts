/**
 * The only dynamic imports of the recorder chunk (rrweb, plugins, signals, transport), of
 * console and network capture (only when turned on, fetched beside it so they patch the page
 * as recording starts) and of Web Vitals capture (web-vitals). Bundlers split them out, so a
 * page that never records never downloads them.
 */
export async function loadRecorderChunk(withCaptures: boolean, withVitals: boolean) {
  const [chunk, captures, vitals] = await Promise.all([
    import('../lazy/index.js'),
    withCaptures ? import('../lazy/optionalCaptures.js') : undefined,
    withVitals ? import('../lazy/webVitals.js') : undefined,
  ]);
  return { startCapture: chunk.startCapture, captures, vitals };
}
