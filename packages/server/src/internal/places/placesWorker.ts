// The entry of the places thread (built to dist/placesWorker.js): parses the IP database
// once and moves its arrays to the thread that asked.
import { parentPort } from 'node:worker_threads';
import { readPlaceTables } from './loadPlaceTables.js';

readPlaceTables().then(
  (tables) =>
    parentPort?.postMessage({ tables }, [
      tables.v4.starts.buffer,
      tables.v4.codes.buffer,
      tables.v6.starts.buffer,
      tables.v6.codes.buffer,
    ]),
  (error: unknown) => parentPort?.postMessage({ failure: String(error) }),
);
