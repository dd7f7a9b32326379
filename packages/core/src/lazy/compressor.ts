export type Compress = (text: string) => Promise<Uint8Array | null>;

/** Gzip on this thread; null where the browser has no CompressionStream. */
export const compressHere: Compress = async (text) => {
  if (typeof CompressionStream === 'undefined') return null;
  const stream = new Response(text).body!.pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};

/**
 * A gzip function backed by a Web Worker (from `workerUrl`, or a blob: URL of the worker's
 * source, a lazily loaded chunk). Falls back to this thread when workers are not allowed (CSP)
 * or the worker fails.
 */
export function createCompressor(workerUrl?: string): { compress: Compress; dispose(): void } {
  let blobUrl: string | undefined;
  const waiting = new Map<number, (bytes: Uint8Array | null) => void>();
  let nextId = 0;
  const start = async (): Promise<Worker | null> => {
    if (typeof CompressionStream === 'undefined') return null;
    let url = workerUrl;
    if (!url) url = blobUrl = (await import('./workerSource.js')).workerBlobUrl();
    const worker = new Worker(url);
    worker.onmessage = (event: MessageEvent<{ id: number; buffer?: ArrayBuffer }>) => {
      const resolve = waiting.get(event.data.id);
      waiting.delete(event.data.id);
      resolve?.(event.data.buffer ? new Uint8Array(event.data.buffer) : null);
    };
    worker.onerror = () => {
      worker.terminate();
      current = Promise.resolve(null);
      for (const resolve of waiting.values()) resolve(null);
      waiting.clear();
    };
    return worker;
  };
  // No Worker (or a CSP that forbids it) throws, and compression stays on this thread.
  let current = start().catch(() => null);
  return {
    async compress(text) {
      const worker = await current;
      if (!worker) return compressHere(text);
      const id = nextId++;
      const bytes = await new Promise<Uint8Array | null>((resolve) => {
        waiting.set(id, resolve);
        worker.postMessage({ id, text });
      });
      return bytes ?? compressHere(text);
    },
    dispose() {
      void current.then((worker) => worker?.terminate());
      current = Promise.resolve(null);
      if (blobUrl) URL.revokeObjectURL(blobUrl);
    },
  };
}
