import { packEvents } from '@tapedeck/protocol';

/**
 * The compression worker's code, off the main thread: packs the chunk's DOM nodes (leaner
 * JSON, see `packEvents`; a chunk it cannot read goes as it came) and gzips it with
 * CompressionStream. Loaded as a chunk of its own when the recorder first compresses, so the
 * recorder chunk does not carry it. The build also writes it to `dist/worker.js`
 * (`@tapedeck/core/worker.js`) for `workerUrl`, for sites whose CSP forbids blob: workers.
 */
export const WORKER_SOURCE = `const packEvents = ${packEvents.toString()};
self.onmessage = async (event) => {
  const { id, text } = event.data;
  try {
    let body = text;
    try {
      const chunk = JSON.parse(text);
      packEvents(chunk.events);
      body = JSON.stringify(chunk);
    } catch {}
    const stream = new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'));
    const buffer = await new Response(stream).arrayBuffer();
    self.postMessage({ id, buffer }, [buffer]);
  } catch (error) {
    self.postMessage({ id, error: String(error) });
  }
};
`;

/** A blob: URL of the worker's code, for `new Worker` (revoked when the recorder stops). */
export const workerBlobUrl = (): string =>
  URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
