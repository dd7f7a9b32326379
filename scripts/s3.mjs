// A local S3-protocol server for tests and benchmarks (s3rver, files in a temporary folder).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Starts it with one bucket; sets the AWS SDK's credentials to the ones it accepts. */
export async function startS3({ bucket = 'tapedeck' } = {}) {
  // s3rver is a dev dependency of @tapedeck/server.
  const require = createRequire(
    join(import.meta.dirname, '..', 'packages', 'server', 'package.json'),
  );
  const { default: S3rver } = await import(require.resolve('@20minutes/s3rver'));
  const dir = mkdtempSync(join(tmpdir(), 'tapedeck-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
    // s3rver computes some signatures of the current AWS SDK differently; the keys are fake.
    allowMismatchedSignatures: true,
  });
  const { port } = await server.run();
  process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
