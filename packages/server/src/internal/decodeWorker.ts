// The entry of a decode thread (built to dist/decodeWorker.js): decodes the chunks
// DecodePool sends, a batch at a time, and answers each batch in one message.
import { parentPort } from 'node:worker_threads';
import {
  type DecodeAnswer,
  type DecodeRequest,
  decodeChunk,
  decodeInline,
  ownBuffer,
} from './decodeChunk.js';

async function answer({ id, small, task }: DecodeRequest): Promise<[DecodeAnswer, ArrayBuffer?]> {
  try {
    const outcome = small ? await decodeInline(task) : await decodeChunk(task, 'blocking');
    if (!outcome) return [{ id, outcome: 'large' }];
    if (!outcome.ok) return [{ id, outcome }];
    // Handed back, not cloned (see DecodePool).
    const stored = ownBuffer(outcome.chunk.stored);
    return [{ id, outcome: { ok: true, chunk: { ...outcome.chunk, stored } } }, stored.buffer];
  } catch (error) {
    // A bug, not a bad chunk: the pool answers it as a 500, the stack goes to the log.
    return [{ id, failure: (error as Error).stack ?? String(error) }];
  }
}

parentPort?.on('message', async (batch: DecodeRequest[]) => {
  const answers: DecodeAnswer[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const request of batch) {
    const [done, bytes] = await answer(request);
    answers.push(done);
    if (bytes) transfer.push(bytes);
  }
  parentPort?.postMessage(answers, transfer);
});
