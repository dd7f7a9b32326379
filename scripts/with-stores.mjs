// Runs a command with a throwaway PostgreSQL server and a local S3 server, their addresses in
// TAPEDECK_TEST_DATABASE_URL, TAPEDECK_TEST_S3_ENDPOINT and TAPEDECK_TEST_S3_BUCKET.
// `node scripts/with-stores.mjs vitest run`: the server tests, against PostgreSQL and S3.
import { spawn } from 'node:child_process';
import { startPostgres } from './postgres.mjs';
import { startS3 } from './s3.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-stores.mjs <command> [args…]');
  process.exit(2);
}
const postgres = await startPostgres();
const s3 = await startS3();
const child = spawn(command, args, {
  stdio: 'inherit',
  env: {
    ...process.env,
    TAPEDECK_TEST_DATABASE_URL: postgres.url,
    TAPEDECK_TEST_S3_ENDPOINT: s3.endpoint,
    TAPEDECK_TEST_S3_BUCKET: s3.bucket,
  },
});
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await s3.stop();
postgres.stop();
process.exit(code);
