import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  storedChunks,
  type TestServer,
} from './helpers.js';

const A = '0192a0c1-7d2e-7c3b-9a4f-0000000000aa';
const B = '0192a0c1-7d2e-7c3b-9a4f-0000000000bb';
const HOUR = 3_600_000;

describe('compaction: a quiet session kept in one blob', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  const snapshots = async (id: string) =>
    (await fetch(`${server.url}/api/sessions/${id}/snapshots`, { headers: auth() })).text();
  const blobsOf = async (id: string) => (await storedChunks(server)).filter((k) => k.includes(id));
  const listAll = async () => {
    const keys: string[] = [];
    for await (const key of server.blobs.list()) keys.push(key);
    return keys;
  };

  it('packs a long session into one blob, and replays it the same', async () => {
    for (let seq = 0; seq < 12; seq++)
      expect((await post(server, gz(makeChunk({ sessionId: A, seq })))).status).toBe(200);
    await post(server, gz(makeChunk({ sessionId: B, seq: 0 })));
    const before = await snapshots(A);
    expect(await blobsOf(A)).toHaveLength(12);

    // Not yet quiet for 30 minutes: nothing moves.
    expect(await server.compact(Date.now())).toBe(0);
    expect(await server.compact(Date.now() + HOUR)).toBe(2);
    expect((await listAll()).filter((k) => k.includes(A))).toEqual([
      expect.stringMatching(new RegExp(`^1/${A}/pack-\\d+-0\\.gz$`)),
    ]);
    // The copies in the shared segments are erased once the pack holds them.
    expect(await blobsOf(A)).toEqual([]);
    expect(await blobsOf(B)).toHaveLength(1); // one chunk: left as it is
    expect(await snapshots(A)).toBe(before);
    const exported = await fetch(`${server.url}/api/sessions/${A}/export`, { headers: auth() });
    expect(((await exported.json()) as unknown[]).length).toBeGreaterThan(12);
  });

  it('keeps a chunk that comes late, and deletes every blob with the session', async () => {
    expect((await post(server, gz(makeChunk({ sessionId: A, seq: 12 })))).status).toBe(200);
    expect((await snapshots(A)).trim().split('\n')).toHaveLength(13);
    // A chunk already packed, sent again, is still acknowledged once.
    const again = await post(server, gz(makeChunk({ sessionId: A, seq: 3 })));
    expect(again.json).toEqual({ ok: true, duplicate: true });

    const deleted = await fetch(`${server.url}/api/sessions/${A}`, {
      method: 'DELETE',
      headers: auth(),
    });
    expect(deleted.status).toBe(204);
    expect((await listAll()).filter((k) => k.includes(A))).toEqual([]);
  });
});
