// The ceiling of ingestion on this machine: gunzip + JSON.parse of the same chunks, on every
// core at once (one worker thread per core, each doing all the bodies), in chunks/s. A
// server does more (validation, summary, fsync, the index), so it stays below this line.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// Each thread times its own rounds, after a pass to warm up: thread start-up and the
// compiler's first passes are not the work.
const WORK = `
const { parentPort, workerData } = require('node:worker_threads');
const { gunzipSync } = require('node:zlib');
const { bodies, rounds } = workerData;
for (const body of bodies) JSON.parse(gunzipSync(body).toString('utf8'));
const start = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const body of bodies) JSON.parse(gunzipSync(body).toString('utf8'));
parentPort.postMessage(Number(process.hrtime.bigint() - start) / 1e9);
`;

/** @param {Buffer[]} bodies @param {number} [rounds] */
export async function parseCeiling(bodies, rounds = 2) {
  const cores = availableParallelism();
  const seconds = await Promise.all(
    Array.from(
      { length: cores },
      () =>
        /** @type {Promise<number>} */ (
          new Promise((resolve, reject) => {
            const worker = new Worker(WORK, { eval: true, workerData: { bodies, rounds } });
            worker.once('message', resolve);
            worker.once('error', reject);
          })
        ),
    ),
  );
  const chunksPerSecond = seconds.reduce((sum, s) => sum + (rounds * bodies.length) / s, 0);
  return { cores, chunksPerSecond };
}
