import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { isSegmentKey, segmentRecords } from '../storage/SegmentWriter.js';
import {
  auth,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  type TestServer,
  tableRows,
} from './helpers.js';

const A = '0192a0c1-7d2e-7c3b-9a4f-0000000005aa';
const B = '0192a0c1-7d2e-7c3b-9a4f-0000000005bb';
const onDisk = !process.env.TAPEDECK_TEST_S3_ENDPOINT;
const RATE = { perSecond: 1e6, burst: 1e6 };
const UNLIMITED = { ...RATE, perSession: RATE, perClient: RATE };

/** Waits for `done` (the thing itself), checking after each turn of the event loop. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const snapshots = async (server: TestServer, id: string) => {
  const res = await fetch(`${server.url}/api/sessions/${id}/snapshots`, { headers: auth() });
  return res.status === 404
    ? []
    : (await res.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
};

/** A chunk whose page shows `text` (only in the chunk's bytes, never in the index). */
const marked = (sessionId: string, seq: number, text: string) => {
  const chunk = makeChunk({ sessionId, seq });
  const node = { type: 0, id: 1, childNodes: [{ type: 3, id: 2, textContent: text }] };
  const events: unknown[] = [...chunk.events];
  events[1] = { type: 2, timestamp: chunk.events[1]!.timestamp, data: { node } };
  return { ...chunk, events };
};

const segmentFiles = (dataDir: string) =>
  readdirSync(join(dataDir, 'chunks', 'segments')).map((f) =>
    join(dataDir, 'chunks', 'segments', f),
  );

describe('segments: chunks that arrive together share one write and one fsync', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it.skipIf(!onDisk)('many concurrent chunks: one fsync per group, one row each', async () => {
    const N = 40;
    let held: (() => void) | null = null;
    let first = 0;
    const dir = mkdtempSync(join(tmpdir(), 'tapedeck-seg-'));
    // Each chunk from a visitor of its own: one address has only a few uploads at once.
    server = await startTestServer(dir, {
      rateLimit: UNLIMITED,
      trustProxy: '127.0.0.1',
      segments: {
        // The first group's fsync waits until every other chunk is queued behind it.
        beforeSync: (chunks) => {
          if (held) return;
          first = chunks;
          return new Promise<void>((release) => {
            held = release;
          });
        },
      },
    });
    const posts = Array.from({ length: N }, (_, seq) =>
      post(server, gz(makeChunk({ seq })), { forwardedFor: `10.9.0.${seq + 1}` }),
    );
    await until(() => held !== null && server.ingestStats().queued === N - first);
    held!();
    expect((await Promise.all(posts)).map((r) => r.status)).toEqual(Array(N).fill(200));
    // Two groups: what arrived first, then everything that queued while it synced.
    expect(server.ingestStats()).toEqual({ groups: 2, chunks: N, syncs: 2, queued: 0 });
    const rows = (await tableRows(server, 'chunks')) as { blob_key: string; seq: number }[];
    expect(rows).toHaveLength(N);
    expect(new Set(rows.map((r) => r.blob_key)).size).toBe(1);
    expect(segmentFiles(dir)).toHaveLength(1);
    const seqs = (await snapshots(server, makeChunk().sessionId)).map((c) => c.seq);
    expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
  });

  it('many concurrent chunks: fewer groups than chunks, one sync (or PUT) per group', async () => {
    server = await startTestServer(undefined, { rateLimit: UNLIMITED });
    const N = 40;
    const posts = Array.from({ length: N }, (_, seq) => post(server, gz(makeChunk({ seq }))));
    expect((await Promise.all(posts)).every((r) => r.status === 200)).toBe(true);
    const stats = server.ingestStats();
    expect(stats.chunks).toBe(N);
    expect(stats.syncs).toBe(stats.groups);
    expect(stats.groups).toBeLessThan(N);
    const keys = new Set(
      ((await tableRows(server, 'chunks')) as { blob_key: string }[]).map((r) => r.blob_key),
    );
    expect(keys.size).toBeLessThanOrEqual(stats.groups);
    expect(await snapshots(server, makeChunk().sessionId)).toHaveLength(N);
  });

  it.skipIf(!onDisk)(
    'after an unclean stop, a torn tail is cut and new chunks go to a new segment',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tapedeck-seg-'));
      server = await startTestServer(dir);
      for (let seq = 0; seq < 3; seq++)
        expect((await post(server, gz(makeChunk({ sessionId: A, seq })))).status).toBe(200);
      await server.close();
      // What a crash mid-append leaves: a group half written, and the server's marker.
      const [segment] = segmentFiles(dir);
      const whole = readFileSync(segment!).length;
      appendFileSync(segment!, Buffer.concat([Buffer.from('tds1'), Buffer.alloc(3, 7)]));
      writeFileSync(join(dir, 'server.running'), '0');
      const lines: string[] = [];
      server = await startTestServer(dir, { log: (line) => lines.push(line) });
      expect(lines.join('\n')).toContain('Segments: 1, 1 torn tail(s) cut');
      expect(lines.join('\n')).toContain('0 unreadable, 0 missing.');
      expect(readFileSync(segment!).length).toBe(whole);
      expect((await post(server, gz(makeChunk({ sessionId: A, seq: 3 })))).status).toBe(200);
      expect(segmentFiles(dir)).toHaveLength(2);
      expect((await snapshots(server, A)).map((c) => c.seq)).toEqual([0, 1, 2, 3]);
    },
  );

  it("deleting a session erases its ranges of a shared segment; the other session's stay", async () => {
    server = await startTestServer(undefined, { rateLimit: UNLIMITED });
    const posts = [];
    for (let seq = 0; seq < 6; seq++)
      for (const [id, text] of [
        [A, 'SECRET-ALPHA-7f3a'],
        [B, 'KEPT-BRAVO-19c2'],
      ] as const)
        posts.push(post(server, gz(marked(id, seq, `${text} ${seq}`))));
    expect((await Promise.all(posts)).every((r) => r.status === 200)).toBe(true);
    const rows = (await tableRows(server, 'chunks')) as { session_id: string; blob_key: string }[];
    const segmentsOf = (id: string) =>
      new Set(rows.filter((r) => r.session_id === id).map((r) => r.blob_key));
    // They share segments (the same ones: they arrived together).
    expect([...segmentsOf(A)].some((key) => segmentsOf(B).has(key))).toBe(true);
    /** Every segment's raw bytes, and each of its chunks that is not erased, gunzipped. */
    const texts = async () => {
      const found: string[] = [];
      for await (const key of server.blobs.list()) {
        if (!isSegmentKey(key)) continue;
        const data = Buffer.from(await server.blobs.get(key));
        found.push(data.toString('latin1'));
        for (const { offset, length } of segmentRecords(data).records) {
          const bytes = data.subarray(offset, offset + length);
          if (bytes.some((b) => b !== 0)) found.push(gunzipSync(bytes).toString('utf8'));
        }
      }
      return found.join('\n');
    };
    expect(await texts()).toContain('SECRET-ALPHA-7f3a');

    const deleted = await fetch(`${server.url}/api/sessions/${A}`, {
      method: 'DELETE',
      headers: auth(),
    });
    expect(deleted.status).toBe(204);
    const after = await texts();
    expect(after).not.toContain('SECRET-ALPHA-7f3a');
    expect(after.match(/KEPT-BRAVO-19c2/g)).toHaveLength(6);
    expect(await snapshots(server, A)).toEqual([]);
    const kept = await snapshots(server, B);
    expect(kept.map((c) => c.seq).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(JSON.stringify(kept)).toContain('KEPT-BRAVO-19c2 5');

    // Once B goes too, no row points into a segment: each is removed (on disk, the one still
    // open for appends once the server has moved past it: here, at the next start).
    await fetch(`${server.url}/api/sessions/${B}`, { method: 'DELETE', headers: auth() });
    server = await server.restart();
    const left: string[] = [];
    for await (const key of server.blobs.list()) if (isSegmentKey(key)) left.push(key);
    expect(left).toEqual([]);
  });
});
