// Issue #19, written from the requirement alone: chunks share append-only segment files, yet a
// deleted session leaves no byte behind, and a chunk sent twice in one group is stored once.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auth,
  execSql,
  getJson,
  gz,
  post,
  removeDir,
  startTestServer,
  type TestServer,
} from './helpers.js';
import {
  type Chunk,
  copies,
  eventually,
  expectComplete,
  type Marks,
  markedChunk,
  NO_RATE_LIMIT,
  readSession,
  sessionId,
  whereMarker,
} from './segments.attack.helpers.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('segments: deletion privacy and idempotency (#19)', () => {
  let server: TestServer;
  let dir: string;
  const tag = randomBytes(6).toString('hex');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tapedeck-segments-'));
    // The embedded store, always: the point is what lies on this disk.
    server = await startTestServer(dir, { rateLimit: NO_RATE_LIMIT }, { dataDir: dir });
  });

  afterEach(async () => {
    await server.close();
    removeDir(dir);
  });

  /** `n` chunks per session, posted all at once and interleaved (each of `twice` sent twice). */
  async function ingest(
    sessions: Record<string, Marks>,
    n: number,
    twice: string[] = [],
  ): Promise<Record<string, Chunk[]>> {
    const sent: Record<string, Chunk[]> = {};
    const posts: Promise<{ status: number }>[] = [];
    for (let seq = 0; seq < n; seq++)
      for (const [id, marks] of Object.entries(sessions)) {
        const chunk = markedChunk(id, seq, marks);
        sent[id] = [...(sent[id] ?? []), chunk];
        posts.push(post(server, gz(chunk)));
        if (twice.includes(id)) posts.push(post(server, gz(chunk)));
      }
    const statuses = (await Promise.all(posts)).map((r) => r.status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    return sent;
  }

  const remove = async (id: string) =>
    (await fetch(`${server.url}/api/sessions/${id}`, { method: 'DELETE', headers: auth() })).status;

  /** The marker is gone from every file of the data folder (waiting briefly for a sweep). */
  async function expectNoTrace(marker: string, what: string) {
    const left = await eventually(
      () => whereMarker(dir, marker),
      (found) => Object.keys(found).length === 0,
    );
    expect(left, `${what}: files still holding its marker (copies per file)`).toEqual({});
  }

  it('deleting one of two interleaved sessions (and one by retention) leaves none of its bytes on disk', async () => {
    const [A, B, C, D] = [1, 2, 3, 4].map(sessionId) as [string, string, string, string];
    const mark = (name: string): Marks => ({ dom: `${name}${tag}` });
    const sent = await ingest(
      { [A]: mark('ALPHA'), [B]: mark('BRAVO'), [C]: mark('CHARLIE'), [D]: mark('DELTA') },
      12,
      [A, C],
    );
    // The scan sees what is stored (else "found nowhere" would prove nothing).
    for (const name of ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA'])
      expect(copies(dir, `${name}${tag}`), `${name} before deletion`).toBeGreaterThanOrEqual(12);

    expect(await remove(A)).toBe(204);
    expect(await readSession(server.url, A)).toBeNull();
    await expectNoTrace(`ALPHA${tag}`, 'A, deleted through the API');

    // Retention runs on the server's clock: C arrived two days ago, and 1 day is now the limit.
    await execSql(
      server,
      `UPDATE sessions SET updated_at = updated_at - ${2 * DAY} WHERE id = '${C}'`,
    );
    const settings = await fetch(`${server.url}/api/settings`, {
      method: 'PUT',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ retentionDays: 1 }),
    });
    expect(settings.status).toBe(200);
    expect(await readSession(server.url, C)).toBeNull();
    await expectNoTrace(`CHARLIE${tag}`, 'C, removed by retention');

    // The neighbours in the same segments are whole, on disk and through the API.
    expect(copies(dir, `BRAVO${tag}`)).toBeGreaterThanOrEqual(12);
    await expectComplete(server.url, B, sent[B]!);
    await expectComplete(server.url, D, sent[D]!);

    // And a restart (which may scan segments for unindexed records) brings nothing back.
    server = await server.restart();
    expect(await readSession(server.url, A)).toBeNull();
    expect(await readSession(server.url, C)).toBeNull();
    expect(whereMarker(dir, `ALPHA${tag}`)).toEqual({});
    await expectComplete(server.url, B, sent[B]!);
    await expectComplete(server.url, D, sent[D]!);
  });

  it('deleting a session after compaction leaves no byte of it, and its neighbour replays the same', async () => {
    const [G, H] = [5, 6].map(sessionId) as [string, string];
    const sent = await ingest({ [G]: { dom: `GOLF${tag}` }, [H]: { dom: `HOTEL${tag}` } }, 8, [G]);
    const before = await readSession(server.url, H);
    await server.compact(Date.now() + 2 * HOUR);
    expect(await readSession(server.url, H)).toEqual(before);
    await expectComplete(server.url, G, sent[G]!);

    expect(await remove(G)).toBe(204);
    await expectNoTrace(`GOLF${tag}`, 'G, deleted after compaction');
    await expectComplete(server.url, H, sent[H]!);
    expect(copies(dir, `HOTEL${tag}`)).toBeGreaterThanOrEqual(8);
  });

  it("a deleted session's custom-event text is in no file of the data folder, the database's included", async () => {
    const [E, F] = [7, 8].map(sessionId) as [string, string];
    const marks = (name: string): Marks => ({
      dom: `${name}DOM${tag}`,
      payload: `${name}NOTE${tag}`,
    });
    const sent = await ingest({ [E]: marks('ECHO'), [F]: marks('FOXTROT') }, 6);
    expect(copies(dir, `ECHONOTE${tag}`)).toBeGreaterThanOrEqual(6);

    expect(await remove(E)).toBe(204);
    await expectNoTrace(`ECHODOM${tag}`, 'E (DOM text)');
    await expectNoTrace(`ECHONOTE${tag}`, 'E (custom-event payload)');
    await expectComplete(server.url, F, sent[F]!);
  });

  it('the same chunk posted eight times at once, amid other traffic, is stored and replayed once', async () => {
    const S = sessionId(9);
    const marker = `SIERRA${tag}`;
    const chunk = markedChunk(S, 0, { dom: marker });
    const noise = Array.from({ length: 40 }, (_, i) =>
      markedChunk(sessionId(100 + (i % 10)), Math.floor(i / 10), { dom: `NOISE${tag}` }),
    );
    const copiesPosted = Array.from({ length: 8 }, () => post(server, gz(chunk)));
    const results = await Promise.all([...copiesPosted, ...noise.map((c) => post(server, gz(c)))]);
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    const answers = results.slice(0, 8).map((r) => r.json.duplicate);
    expect(
      answers.filter((d) => d === false),
      `duplicate flags: ${answers}`,
    ).toHaveLength(1);
    expect(answers.filter((d) => d === true)).toHaveLength(7);

    await expectComplete(server.url, S, [chunk]);
    const session = await getJson(server, `/api/sessions/${S}`);
    expect(session.json).toMatchObject({ chunkCount: 1, eventCount: chunk.events.length });
    // Once on disk too: an unindexed second copy would also outlive a deletion.
    expect(copies(dir, marker), JSON.stringify(whereMarker(dir, marker))).toBe(1);

    // Sent again after a restart: still a duplicate, still one.
    server = await server.restart();
    expect((await post(server, gz(chunk))).json).toEqual({ ok: true, duplicate: true });
    await expectComplete(server.url, S, [chunk]);
    expect(copies(dir, marker)).toBe(1);
  });
});
