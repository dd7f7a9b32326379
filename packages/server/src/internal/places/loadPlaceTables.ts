import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseRanges, type Ranges } from './parseRanges.js';

/** Both address families' ranges. */
export interface PlaceTables {
  v4: Ranges;
  v6: Ranges;
}

/**
 * The database: DB-IP's "IP to Country Lite" (CC BY 4.0, https://db-ip.com), as the npm
 * package `@ip-location-db/dbip-country` ships it. Nothing is downloaded at run time.
 */
export const PLACES_PACKAGE = '@ip-location-db/dbip-country';
export const PLACES_ATTRIBUTION = 'IP Geolocation by DB-IP (https://db-ip.com), CC BY 4.0';

const packageDir = () =>
  dirname(createRequire(import.meta.url).resolve(`${PLACES_PACKAGE}/package.json`));

/** Reads and parses the two CSV files (about 1.5 s of CPU): the worker's job. */
export async function readPlaceTables(dir = packageDir()): Promise<PlaceTables> {
  const [v4, v6] = await Promise.all([
    readFile(join(dir, 'dbip-country-ipv4-num.csv'), 'utf8'),
    readFile(join(dir, 'dbip-country-ipv6.csv'), 'utf8'),
  ]);
  return { v4: parseRanges(v4, 1), v6: parseRanges(v6, 4) };
}

/** Built beside the bundle that holds this file; absent when running from source (tests). */
const WORKER = new URL('./placesWorker.js', import.meta.url);

/**
 * The tables, parsed on a worker thread so that the event loop keeps answering meanwhile
 * (their arrays are moved back, not copied); on the event loop when there is no built worker.
 */
export function loadPlaceTables(workerUrl: URL = WORKER): Promise<PlaceTables> {
  if (!existsSync(fileURLToPath(workerUrl))) return readPlaceTables();
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl);
    worker.unref();
    worker.once('message', (message: { tables?: PlaceTables; failure?: string }) => {
      void worker.terminate();
      if (message.tables) resolve(message.tables);
      else reject(new Error(message.failure));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The places thread exited with ${code}.`)));
  });
}
