import type { CaptureContext } from '../internal/capture.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';
import { createCompressor } from './compressor.js';
import { Pipeline } from './Pipeline.js';
import { type OutgoingChunk, Transport } from './Transport.js';

/**
 * The way out of the page: the buffer, the compressing worker and the transport. Chunks an
 * earlier page of this site could not confirm sent are queued again at once.
 */
export function createUploads(ctx: CaptureContext, onDrop: (dropped: OutgoingChunk[]) => void) {
  const { config, session } = ctx;
  const compressor = createCompressor(config.workerUrl);
  const transport = new Transport({
    url: `${config.host}/s/?token=${encodeURIComponent(config.token)}`,
    compress: compressor.compress,
    maxQueueBytes: config.maxQueueBytes,
    onError: (message) => ctx.onState({ lastError: message }),
    onDrop,
  });
  const pipeline = new Pipeline(
    transport,
    () => {
      const distinctId = ctx.distinctId();
      return {
        sessionId: session.sessionId,
        windowId: session.windowId,
        ...(distinctId ? { distinctId } : {}),
        sdk: { name: SDK_NAME, version: SDK_VERSION },
      };
    },
    () => session.nextSeq(),
  );
  transport.resendKept();
  return {
    pipeline,
    /**
     * After `stop()`: uploads go on until everything buffered is acknowledged, and should the
     * page go away first, the rest is handed off as while recording. Resolves once
     * acknowledged; then the worker is let go.
     */
    async drain(): Promise<void> {
      const handOff = () => pipeline.handOff();
      window.addEventListener('pagehide', handOff);
      try {
        await transport.drain();
      } finally {
        window.removeEventListener('pagehide', handOff);
        transport.dispose();
        compressor.dispose();
      }
    },
    dispose: () => compressor.dispose(),
  };
}
