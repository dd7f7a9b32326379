// From the docs' promises: an acknowledged chunk is stored, once; a chunk sent again (at the
// same time, or later) is answered `duplicate: true` and stored once; the session list's
// counts equal what was sent. Then the daily quota set and lifted through `PUT /api/settings`
// takes effect on the very next upload, and a chunk already stored, sent again once its
// session reached a cap, is acknowledged as a duplicate. Real CLI server for the load.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from '../../../../scripts/cliServer.mjs';
import { post, removeDir, startTestServer, type TestServer } from './helpers.js';
import { type Chunk, jsonOfSize } from './ingest.attack.helpers.js';
import {
  gzJson,
  markedChunk,
  newSessionId,
  postFrom,
  sessionRows,
  storedMarks,
} from './ingest.attack.sched.helpers.js';
import { requireBuiltCli } from './segments.attack.helpers.js';

let server: CliServer;
beforeAll(async () => {
  requireBuiltCli();
  server = await startCliServer({ args: ['--no-demo', '--trust-proxy', '127.0.0.1'] });
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

/** Runs `jobs` with at most `width` at once. */
async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < jobs.length; i = next++)
        results[i] = await (jobs[i] as () => Promise<T>)();
    }),
  );
  return results;
}

const dup = (body: string) => {
  try {
    return (JSON.parse(body) as { duplicate?: boolean }).duplicate;
  } catch {
    return undefined;
  }
};
const counts = (row: Record<string, unknown> | undefined) =>
  row && {
    chunkCount: row.chunkCount,
    eventCount: row.eventCount,
    clickCount: row.clickCount,
    sizeBytes: row.sizeBytes,
  };

describe('hundreds of chunks, many sessions, several addresses, copies at once', () => {
  it('every 200 is stored once, every copy is a duplicate, the list counts what was sent', async () => {
    const SESSIONS = 40;
    const SEQS = 8;
    const sessions = Array.from({ length: SESSIONS }, (_, i) => ({
      id: newSessionId(),
      address: `10.4.0.${(i % 5) + 1}`,
      events: 0,
      clicks: 0,
    }));
    const chunks = sessions.flatMap((s, i) =>
      Array.from({ length: SEQS }, (_, seq) => {
        const clicks = ((i + seq) % 3) + 1;
        const chunk = markedChunk(s.id, seq, clicks);
        s.events += chunk.events.length;
        s.clicks += clicks;
        return { s, seq, body: gzJson(chunk), twice: (i * SEQS + seq) % 3 === 0 };
      }),
    );
    // Interleave sessions and seqs so that chunks of one session arrive out of order too.
    chunks.sort((a, b) => ((a.seq * 7 + a.s.id.length) % 5) - ((b.seq * 7 + b.s.id.length) % 5));
    const problems: string[] = [];
    const answers = await pool(
      chunks.map((c) => async () => {
        const copies = await Promise.all(
          Array.from({ length: c.twice ? 2 : 1 }, () => postFrom(server, c.s.address, c.body)),
        );
        const key = `${c.s.id}/${c.seq}`;
        for (const a of copies)
          if (a.status !== 200) problems.push(`${key}: ${a.status} ${a.body}`);
        const flags = copies.map((a) => dup(a.body)).sort();
        if (c.twice && flags.join() !== 'false,true')
          problems.push(`${key} sent twice at once: duplicate flags ${flags.join()}`);
        return { key, acked: copies.some((a) => a.status === 200) };
      }),
      32,
    );
    expect(problems).toEqual([]);
    expect(answers.filter((a) => a.acked)).toHaveLength(SESSIONS * SEQS);

    const before = await sessionRows(server);
    for (const s of sessions) {
      const stored = await storedMarks(server, s.id);
      expect(stored.bad, s.id).toBe(0);
      expect([...stored.marks].sort(), s.id).toEqual(
        Array.from({ length: SEQS }, (_, seq) => `${s.id}/${seq}`).sort(),
      );
      expect(counts(before.get(s.id)), s.id).toMatchObject({
        chunkCount: SEQS,
        eventCount: s.events,
        clickCount: s.clicks,
      });
    }

    // Everything again, 32 at once: each a duplicate, nothing in the list moves.
    const again = await pool(
      chunks.map((c) => () => postFrom(server, c.s.address, c.body)),
      32,
    );
    expect(
      again
        .filter((a) => a.status !== 200 || dup(a.body) !== true)
        .map((a) => `${a.status} ${a.body}`),
    ).toEqual([]);
    const after = await sessionRows(server);
    for (const s of sessions)
      expect(counts(after.get(s.id)), s.id).toEqual(counts(before.get(s.id)));
  }, 60_000);
});

describe('one chunk sent twice at once by two paths', () => {
  it('the same 400 KB chunk as gzip and as plain JSON: one stored, one duplicate', async () => {
    const problems: string[] = [];
    const sessions = Array.from({ length: 16 }, () => newSessionId());
    await Promise.all(
      sessions.map(async (id, i) => {
        const json = jsonOfSize(markedChunk(id, 0) as unknown as Chunk, 400 * 1024);
        const [a, b] = await Promise.all([
          postFrom(server, `10.6.0.${i % 4}`, gzipSync(json)),
          postFrom(server, `10.6.1.${i % 4}`, json),
        ]);
        const flags = [dup(a.body), dup(b.body)].sort().join();
        if (a.status !== 200 || b.status !== 200 || flags !== 'false,true')
          problems.push(`${id}: gzip ${a.status} ${a.body}, plain ${b.status} ${b.body}`);
      }),
    );
    expect(problems).toEqual([]);
    const rows = await sessionRows(server);
    for (const id of sessions) {
      const stored = await storedMarks(server, id);
      expect(stored.marks, id).toEqual([`${id}/0`]);
      expect(rows.get(id)?.chunkCount, id).toBe(1);
    }
  }, 60_000);
});

describe('the daily quota through PUT /api/settings', () => {
  const setQuota = async (dailyQuotaMb: number | null) => {
    const response = await server.api('/api/settings', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dailyQuotaMb }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  it('a quota set takes effect on the very next upload, and null lifts it at once', async () => {
    const sessionId = newSessionId();
    const first = markedChunk(sessionId, 0);
    expect((await postFrom(server, '10.5.0.1', gzJson(first))).status).toBe(200);

    expect((await setQuota(0.000001)).status).toBe(200);
    const over = await postFrom(server, '10.5.0.1', gzJson(markedChunk(sessionId, 1)));
    expect(over.status, over.body).toBe(429);
    expect(over.headers?.get('x-tapedeck-quota')).toBe('exceeded');
    expect(Number(over.headers?.get('retry-after'))).toBeGreaterThan(0);

    // What the docs imply (the quota is checked before the body is read), reported as seen.
    const resent = await postFrom(server, '10.5.0.1', gzJson(first));
    console.log(`a stored chunk sent again over the quota: ${resent.status} ${resent.body}`);

    expect((await setQuota(null)).status).toBe(200);
    const lifted = await postFrom(server, '10.5.0.1', gzJson(markedChunk(sessionId, 2)));
    expect(lifted.status, lifted.body).toBe(200);

    // Tight again, then raised (not removed): the very next upload sees the new value.
    expect((await setQuota(0.000001)).status).toBe(200);
    expect((await postFrom(server, '10.5.0.1', gzJson(markedChunk(sessionId, 3)))).status).toBe(
      429,
    );
    expect((await setQuota(10_000)).status).toBe(200);
    const raised = await postFrom(server, '10.5.0.1', gzJson(markedChunk(sessionId, 4)));
    expect(raised.status, raised.body).toBe(200);
    await setQuota(null);

    const stored = await storedMarks(server, sessionId);
    expect(stored.marks.sort()).toEqual([0, 2, 4].map((seq) => `${sessionId}/${seq}`));
  }, 30_000);
});

describe('a session at its cap', () => {
  let local: TestServer | undefined;
  afterAll(async () => {
    await local?.close();
    if (local) removeDir(local.dataDir);
  });

  it('a chunk already stored, sent again after the cap, is a duplicate, not a 429', async () => {
    local = await startTestServer(undefined, { sessionLimits: { maxChunks: 3 } });
    const sessionId = newSessionId();
    const bodies = Array.from({ length: 5 }, (_, seq) => gzJson(markedChunk(sessionId, seq)));
    for (const seq of [0, 1, 2])
      expect((await post(local, bodies[seq] as Buffer)).status).toBe(200);
    const capped = await fetch(`${local.url}/s/?token=test_token_0123456789`, {
      method: 'POST',
      body: bodies[3],
    });
    expect(capped.status).toBe(429);
    expect(capped.headers.get('x-tapedeck-limit')).toBe('session');
    await capped.text();
    // The recorder lost the answer to chunk 1 and sends it again, alone and beside chunk 4.
    const [again, beside] = await Promise.all([
      post(local, bodies[1] as Buffer),
      post(local, bodies[4] as Buffer),
    ]);
    expect({ status: again.status, json: again.json }).toEqual({
      status: 200,
      json: { ok: true, duplicate: true },
    });
    expect(beside.status).toBe(429);
    const last = await post(local, bodies[2] as Buffer);
    expect({ status: last.status, json: last.json }).toEqual({
      status: 200,
      json: { ok: true, duplicate: true },
    });
  }, 30_000);
});
