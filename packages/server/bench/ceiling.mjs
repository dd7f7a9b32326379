// The ceiling of ingestion on this machine: gunzip + JSON.parse of the same chunks, on every
// core at once (one worker thread per core, each doing all the bodies), in chunks/s. A
// server does more (validation, summary, fsync, the index), so it stays below this line.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const WORK = `
const { parentPort, workerData } = require('node:worker_threads');
const { gunzipSync } = require('node:zlib');
const { bodies, rounds } = workerData;
for (const body of bodies) JSON.parse(gunzipSync(body).toString('utf8')); // warm up
const start = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const body of bodies) JSON.parse(gunzipSync(body).toString('utf8'));
parentPort.postMessage(Number(process.hrtime.bigint() - start) / 1e9);
`;

/** @param {Buffer[]} bodies @param {number} [rounds] */
export async function parseCeiling(bodies, rounds = 3) {
  const cores = availableParallelism();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from(
      { length: cores },
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker(WORK, { eval: true, workerData: { bodies, rounds } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { cores, chunksPerSecond: (cores * rounds * bodies.length) / seconds };
}
