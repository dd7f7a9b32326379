/**
 * The compression worker's code: gzip with CompressionStream, off the main thread. The build
 * also writes it to `dist/worker.js` (`@tapedeck/core/worker.js`) for `workerUrl`, for sites
 * whose CSP forbids blob: workers.
 */
export const WORKER_SOURCE = `self.onmessage = async (event) => {
  const { id, text } = event.data;
  try {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    const buffer = await new Response(stream).arrayBuffer();
    self.postMessage({ id, buffer }, [buffer]);
  } catch (error) {
    self.postMessage({ id, error: String(error) });
  }
};
`;
