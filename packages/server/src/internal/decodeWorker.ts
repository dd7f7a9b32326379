// The entry of a decode thread (built to dist/decodeWorker.js): decodes the chunks
// DecodePool sends, one at a time, and answers each by its id.
import { parentPort } from 'node:worker_threads';
import { type DecodeTask, decodeChunk, ownBuffer } from './decodeChunk.js';

parentPort?.on('message', async ({ id, task }: { id: number; task: DecodeTask }) => {
  try {
    const outcome = await decodeChunk(task, 'blocking');
    if (!outcome.ok) return parentPort?.postMessage({ id, outcome });
    // Handed back, not cloned (see DecodePool).
    const stored = ownBuffer(outcome.chunk.stored);
    const chunk = { ...outcome.chunk, stored };
    parentPort?.postMessage({ id, outcome: { ok: true, chunk } }, [stored.buffer]);
  } catch (error) {
    // A bug, not a bad chunk: the pool answers it as a 500, the stack goes to the log.
    parentPort?.postMessage({ id, failure: (error as Error).stack ?? String(error) });
  }
});
