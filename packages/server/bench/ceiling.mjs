// The ceiling of ingestion on this machine: gunzip + JSON.parse of the same chunks, on every
// core at once (one worker thread per core, each doing all the bodies), in chunks/s. A
// server does more (validation, summary, fsync, the index), so it stays below this line.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// Each thread warms up with one pass, then waits for the others: thread start-up and the
// compiler's first passes are not the work. Each times its own rounds.
const WORK = `
const { parentPort, workerData } = require('node:worker_threads');
const { gunzipSync } = require('node:zlib');
const { bodies, rounds } = workerData;
for (const body of bodies) JSON.parse(gunzipSync(body).toString('utf8'));
parentPort.once('message', () => {
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const body of bodies) JSON.parse(gunzipSync(body).toString('utf8'));
  parentPort.postMessage(Number(process.hrtime.bigint() - start) / 1e9);
});
parentPort.postMessage('ready');
`;

/**
 * chunks/s on every core, and the CPU one chunk takes (the process's CPU over the timed
 * rounds: the same measure as the server's, steadier than time on a shared machine).
 * @param {Buffer[]} bodies @param {number} [rounds]
 */
export async function parseCeiling(bodies, rounds = 2) {
  const cores = availableParallelism();
  const workers = Array.from(
    { length: cores },
    () => new Worker(WORK, { eval: true, workerData: { bodies, rounds } }),
  );
  const next = (worker) =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await Promise.all(workers.map(next));
  const cpuBefore = process.cpuUsage();
  const timed = workers.map(next);
  for (const worker of workers) worker.postMessage('go');
  const seconds = await Promise.all(timed);
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(workers.map((worker) => worker.terminate()));
  const chunks = cores * rounds * bodies.length;
  return {
    cores,
    chunksPerSecond: seconds.reduce((sum, s) => sum + (rounds * bodies.length) / s, 0),
    cpuPerChunk: (cpu.user + cpu.system) / 1e6 / chunks,
  };
}
