// Writes the compression worker to dist/worker.js, for the `workerUrl` option.
import { writeFileSync } from 'node:fs';
import { WORKER_SOURCE } from '../dist/lazy/workerSource.js';

writeFileSync(new URL('../dist/worker.js', import.meta.url), WORKER_SOURCE);
console.log('wrote dist/worker.js');
