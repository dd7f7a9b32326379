import { WORKER_SOURCE } from './workerSource.js';

export type Compress = (text: string) => Promise<Uint8Array | null>;

/** Gzip on this thread; null where the browser has no CompressionStream. */
export const compressHere: Compress = async (text) => {
  if (typeof CompressionStream === 'undefined') return null;
  const stream = new Response(text).body!.pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};

/**
 * A gzip function backed by a Web Worker (from `workerUrl`, or a blob: URL). Falls back to
 * this thread when workers are not allowed (CSP) or the worker fails.
 */
export function createCompressor(workerUrl?: string): { compress: Compress; dispose(): void } {
  let worker: Worker | null = null;
  let blobUrl: string | undefined;
  const waiting = new Map<number, (bytes: Uint8Array | null) => void>();
  let nextId = 0;
  const fallBack = () => {
    worker?.terminate();
    worker = null;
    for (const [id, resolve] of waiting) {
      waiting.delete(id);
      resolve(null);
    }
  };
  try {
    if (typeof Worker === 'undefined' || typeof CompressionStream === 'undefined')
      throw new Error('no workers');
    if (!workerUrl) {
      blobUrl = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    }
    worker = new Worker(workerUrl ?? blobUrl!);
    worker.onmessage = (event: MessageEvent<{ id: number; buffer?: ArrayBuffer }>) => {
      const resolve = waiting.get(event.data.id);
      waiting.delete(event.data.id);
      resolve?.(event.data.buffer ? new Uint8Array(event.data.buffer) : null);
    };
    worker.onerror = fallBack;
  } catch {
    worker = null;
  }
  return {
    async compress(text) {
      const current = worker;
      if (!current) return compressHere(text);
      const id = nextId++;
      const bytes = await new Promise<Uint8Array | null>((resolve) => {
        waiting.set(id, resolve);
        current.postMessage({ id, text });
      });
      return bytes ?? compressHere(text);
    },
    dispose() {
      worker?.terminate();
      worker = null;
      if (blobUrl) URL.revokeObjectURL(blobUrl);
    },
  };
}
