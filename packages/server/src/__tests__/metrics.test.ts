import { limits } from '@tapedeck/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  gz,
  METRICS_TOKEN,
  makeChunk,
  post,
  removeDir,
  scrape,
  startTestServer,
  type TestServer,
} from './helpers.js';

const SESSION = (n: number) => `0192a0c1-7d2e-7c3b-9a4f-0000000007${String(n).padStart(2, '0')}`;

const requests = (outcome: string) => `tapedeck_ingest_requests_total{outcome="${outcome}"}`;

describe('GET /metrics', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(undefined, {
      metricsToken: METRICS_TOKEN,
      // Counted at every scrape here; every 30 s by default.
      metricsStatsEveryMs: 0,
      // A session sends 6 chunks at most (no refill to speak of) and holds 4.
      rateLimit: { perSession: { perSecond: 0.0001, burst: 6 } },
      sessionLimits: { maxChunks: 4 },
    });
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('is closed to anyone without the metrics token, API keys included', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: auth() })).status).toBe(401);
    // Without a token, not on the main port at all; open on a metrics port of its own.
    const other = await startTestServer(undefined, { metricsPort: 0 });
    try {
      const off = await fetch(`${other.url}/metrics`, { headers: auth() });
      expect(off.status).toBe(404);
      expect(((await off.json()) as { error: string }).error).toContain('TAPEDECK_METRICS_TOKEN');
      expect(other.metricsUrl).not.toBe(null);
      expect(new URL(other.metricsUrl!).port).not.toBe(new URL(other.url).port);
      const open = await fetch(other.metricsUrl!);
      expect(open.status).toBe(200);
      expect(await open.text()).toContain('tapedeck_ingest_requests_total{outcome="accepted"} 0');
    } finally {
      await other.close();
      removeDir(other.dataDir);
    }
  });

  it('counts a burst of uploads by outcome, with their bytes, latency and group commits', async () => {
    const before = await scrape(server);
    expect(before.has('process_cpu_user_seconds_total')).toBe(true);
    expect(before.has('nodejs_heap_size_used_bytes')).toBe(true);
    let received = 0;
    const send = async (body: string | Uint8Array, options: Parameters<typeof post>[2] = {}) => {
      const answer = await post(server, body, options);
      if (options.token === undefined && answer.status !== 413) received += body.length;
      return answer.status;
    };
    // Two sessions at once: 8 accepted, written in group commits.
    const bodies = [1, 2].flatMap((s) =>
      [0, 1, 2, 3].map((seq) => gz(makeChunk({ sessionId: SESSION(s), seq }))),
    );
    expect(await Promise.all(bodies.map((body) => send(body)))).toEqual(Array(8).fill(200));
    // Two sent again: acknowledged, not stored.
    expect(await send(bodies[0]!)).toBe(200);
    expect(await send(bodies[5]!)).toBe(200);
    // A third session, one by one: 4 stored, 1 again, 1 past its 4 chunks, 1 past its rate.
    const third = (seq: number) => gz(makeChunk({ sessionId: SESSION(3), seq }));
    for (const seq of [0, 1, 2, 3]) expect(await send(third(seq))).toBe(200);
    expect(await send(third(0))).toBe(200);
    expect(await send(third(4))).toBe(429);
    expect(await send(third(5))).toBe(429);
    // Bodies that are not chunks, tokens that are wrong, a body past the limit.
    expect(await send('{"sessionId": ')).toBe(400);
    expect(await send(JSON.stringify({ hello: 'world' }))).toBe(400);
    expect(await send(gz(makeChunk({ sessionId: SESSION(4) })), { token: null })).toBe(401);
    expect(
      await send(gz(makeChunk({ sessionId: SESSION(4) })), { token: 'wrong_token_1234' }),
    ).toBe(401);
    expect(await send(new Uint8Array(limits.maxBodyBytes + 1))).toBe(413);
    // Then the daily quota is used up.
    const set = await fetch(`${server.url}/api/settings`, {
      method: 'PUT',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ dailyQuotaMb: 0.0001 }),
    });
    expect(set.status).toBe(200);
    const quota = await post(server, gz(makeChunk({ sessionId: SESSION(5) })));
    expect(quota.status).toBe(429);

    const after = await scrape(server);
    const moved = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect({
      accepted: moved(requests('accepted')),
      duplicate: moved(requests('duplicate')),
      session_limit: moved(requests('session_limit')),
      rate_limit: moved(requests('rate_limit')),
      bad_body: moved(requests('bad_body')),
      auth: moved(requests('auth')),
      too_large: moved(requests('too_large')),
      quota: moved(requests('quota')),
      error: moved(requests('error')),
    }).toEqual({
      accepted: 12,
      duplicate: 3,
      session_limit: 1,
      rate_limit: 1,
      bad_body: 2,
      auth: 2,
      too_large: 1,
      quota: 1,
      error: 0,
    });
    expect(moved('tapedeck_ingest_duration_seconds_count{outcome="accepted"}')).toBe(12);
    expect(moved('tapedeck_ingest_duration_seconds_sum{outcome="accepted"}')).toBeGreaterThan(0);
    expect(moved('tapedeck_ingest_received_bytes_total')).toBe(received);
    // What was stored is what the sessions now hold, and went through group commits.
    expect(moved('tapedeck_ingest_stored_bytes_total')).toBeGreaterThan(0);
    expect(moved('tapedeck_stored_bytes')).toBe(moved('tapedeck_ingest_stored_bytes_total'));
    expect(moved('tapedeck_sessions')).toBe(3);
    expect(moved('tapedeck_group_commit_chunks_sum')).toBe(12);
    const groups = moved('tapedeck_group_commit_chunks_count');
    expect(groups).toBeGreaterThanOrEqual(1);
    expect(groups).toBeLessThanOrEqual(12);
    expect(after.get('tapedeck_group_commit_queue_depth')).toBe(0);
    expect(after.get('tapedeck_compaction_backlog_sessions')).toBe(0);
    for (const [name, value] of after)
      if (name.startsWith('tapedeck_store_errors_total')) expect(value, name).toBe(0);
  });

  it('counts deletions waiting to be finished', async () => {
    const before = await scrape(server);
    const deleted = await fetch(`${server.url}/api/sessions/${SESSION(1)}`, {
      method: 'DELETE',
      headers: auth(),
    });
    expect(deleted.status).toBe(204);
    const after = await scrape(server);
    expect((after.get('tapedeck_sessions') ?? 0) - (before.get('tapedeck_sessions') ?? 0)).toBe(-1);
    // Deletion drains its queue before it answers.
    expect(after.get('tapedeck_deletion_backlog_blobs')).toBe(0);
    expect(after.get('tapedeck_deletion_backlog_ranges')).toBe(0);
  });
});
