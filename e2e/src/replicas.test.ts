import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoadtest, startStores } from '../../scripts/loadtest.mjs';

describe('replicas over PostgreSQL and S3', () => {
  let stores: Awaited<ReturnType<typeof startStores>>;

  beforeAll(async () => {
    stores = await startStores();
  });

  afterAll(async () => {
    await stores?.stop();
  });

  it('two servers behind a round-robin splitter, one killed mid-load: nothing lost, nothing twice', async () => {
    const result = await runLoadtest({
      clients: 100,
      seconds: 10,
      replicas: 2,
      crash: true,
      env: stores.env,
    });
    expect(result.acknowledged).toBeGreaterThanOrEqual(100); // every client was heard
    expect(result.lost).toBe(0);
    expect(result.duplicated).toBe(0);
    expect(result.brokenSessions).toEqual([]);
    // The killed replica refused uploads for a moment; the clients retried them.
    expect(result.failedAttempts).toBeGreaterThan(0);
  });
});
