// Attacks on `POST /s/` that cost the server work, not just a parse: gzip bombs and chunks that
// inflate to just under the limit (other clients must still be answered meanwhile), one key
// sent with two bodies, and a SIGKILL right after a 200. Real CLI servers (`dist/cli.js`).
import { gzipSync } from 'node:zlib';
import { packEvents } from '@tapedeck/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from '../../../../scripts/cliServer.mjs';
import { removeDir } from './helpers.js';
import {
  ARGS,
  apiRead,
  freshChunk,
  gzipBomb,
  jsonOfSize,
  type Pair,
  postRaw,
  startPair,
  THREAD_BYTES,
} from './ingest.attack.helpers.js';
import { requireBuiltCli } from './segments.attack.helpers.js';

const INFLATE_LIMIT = 32 * 1024 * 1024;

/** Runs `attack` while another client asks /livez and posts small chunks, one after another. */
async function meanwhile(server: CliServer, attack: () => Promise<unknown>) {
  let over = false;
  const running = attack().finally(() => {
    over = true;
  });
  const answeredDuring: string[] = [];
  const honest = freshChunk();
  for (let seq = 0; !over; seq++) {
    const live = await fetch(`${server.url}/livez`);
    expect(live.status).toBe(200);
    const chunk = freshChunk({ sessionId: honest.sessionId, seq });
    const sent = await postRaw(server, gzipSync(JSON.stringify(chunk)));
    expect(sent.status, sent.body).toBe(200);
    if (!over) answeredDuring.push(`livez + chunk ${seq}`);
  }
  await running;
  return answeredDuring;
}

describe('ingestion attacks that cost work', () => {
  let pair: Pair;
  let bomb: Buffer;
  let nearLimit: Buffer;
  beforeAll(async () => {
    requireBuiltCli();
    pair = await startPair();
    bomb = await gzipBomb('{"sessionId":"', 'a', 1 << 30);
    // Valid JSON of 31 MB whose event is days older than sentAt: decoded whole, then refused.
    const chunk = freshChunk();
    const head = JSON.stringify(chunk).slice(0, -2);
    const old = chunk.sentAt - 5 * 86_400_000;
    const open = `${head},{"type":5,"timestamp":${old},"data":{"tag":"p","payload":{"x":"`;
    nearLimit = await gzipBomb(open, 'x', INFLATE_LIMIT - (1 << 20), '"}}}]}');
  }, 120_000);
  afterAll(async () => {
    for (const server of [pair?.loop, pair?.threads]) {
      await server?.stop({ keepData: true });
      if (server) removeDir(server.dataDir);
    }
  });

  it('refuses a 1 MB body inflating to 1 GB with a 413 naming the limit, on both paths', {
    timeout: 180_000,
  }, async () => {
    expect(bomb.length).toBeLessThan(2 << 20);
    for (const server of [pair.loop, pair.threads]) {
      const answers = await Promise.all([1, 2, 3, 4].map(() => postRaw(server, bomb)));
      for (const answer of answers) {
        expect(answer.status, answer.body).toBe(413);
        expect(JSON.parse(answer.body).error).toContain(String(INFLATE_LIMIT));
      }
    }
  });

  it('keeps answering another client while bombs are refused', { timeout: 180_000 }, async () => {
    for (const server of [pair.loop, pair.threads]) {
      const during = await meanwhile(server, async () => {
        for (let round = 0; round < 3; round++)
          await Promise.all(
            [1, 2, 3, 4].map(async () => expect((await postRaw(server, bomb)).status).toBe(413)),
          );
      });
      expect(during.length, 'requests answered while the bombs were being refused').toBeGreaterThan(
        0,
      );
    }
  });

  it('keeps answering another client while chunks of 31 MB are decoded on the threads', {
    timeout: 180_000,
  }, async () => {
    const during = await meanwhile(pair.threads, async () => {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => postRaw(pair.threads, nearLimit)),
      );
      for (const answer of answers) expect(answer.status, answer.body).toBe(400);
    });
    expect(during.length, 'requests answered while the large chunks were decoded').toBeGreaterThan(
      0,
    );
  });

  it('stores one body per key: a second body with the same key is acknowledged as a duplicate', {
    timeout: 60_000,
  }, async () => {
    for (const server of [pair.loop, pair.threads]) {
      const first = freshChunk();
      const second = freshChunk({ sessionId: first.sessionId });
      second.events.push({ type: 5, timestamp: second.sentAt - 10, data: { tag: 'second' } });
      expect(JSON.parse((await postRaw(server, JSON.stringify(first))).body).duplicate).toBe(false);
      expect(JSON.parse((await postRaw(server, JSON.stringify(second))).body).duplicate).toBe(true);
      const exported = await apiRead(server, `/api/sessions/${first.sessionId}/export`);
      expect(JSON.parse(exported.text)).toEqual(first.events);

      // At once: one small (decoded on the loop), one large (on a thread); exactly one wins.
      const small = freshChunk();
      const large = freshChunk({ sessionId: small.sessionId });
      const bodies = [JSON.stringify(small), jsonOfSize(large, THREAD_BYTES + 50_000)];
      const answers = await Promise.all(bodies.map((body) => postRaw(server, gzipSync(body))));
      const duplicates = answers.map((a) => JSON.parse(a.body).duplicate as boolean);
      expect(duplicates.sort()).toEqual([false, true]);
      const winner = JSON.parse(bodies[duplicates.indexOf(false)]!) as typeof small;
      const both = await apiRead(server, `/api/sessions/${small.sessionId}/export`);
      expect(JSON.parse(both.text)).toEqual(winner.events);
      const session = JSON.parse((await apiRead(server, `/api/sessions/${small.sessionId}`)).text);
      expect(session).toMatchObject({ chunkCount: 1, eventCount: winner.events.length });
    }
  });

  it('keeps a large (thread-decoded) and a packed chunk acknowledged just before a SIGKILL', {
    timeout: 120_000,
  }, async () => {
    const env = { TAPEDECK_DECODE_THREADS: '2' };
    const first = await startCliServer({ args: ARGS, env });
    try {
      const large = freshChunk();
      const largeJson = jsonOfSize(large, THREAD_BYTES * 3);
      const packed = freshChunk();
      packed.events[1]!.data = {
        node: { type: 0, id: 1, childNodes: [{ type: 3, textContent: 'kept', id: 2 }] },
        initialOffset: { left: 0, top: 0 },
      };
      const plainEvents = structuredClone(packed.events);
      packEvents(packed.events);
      const answers = await Promise.all([
        postRaw(first, gzipSync(largeJson)),
        postRaw(first, gzipSync(JSON.stringify(packed))),
      ]);
      await first.crash();
      expect(answers.map((a) => a.status)).toEqual([200, 200]);

      const { dataDir, token, adminKey } = first;
      const again = await startCliServer({ dataDir, token, adminKey, args: ARGS, env });
      try {
        const kept = await apiRead(again, `/api/sessions/${large.sessionId}/export`);
        expect(JSON.parse(kept.text)).toEqual(JSON.parse(largeJson).events);
        const unpacked = await apiRead(again, `/api/sessions/${packed.sessionId}/export`);
        expect(JSON.parse(unpacked.text)).toEqual(plainEvents);
      } finally {
        await again.stop({ keepData: true });
      }
    } finally {
      await first.crash();
      removeDir(first.dataDir);
    }
  });

  it('answers and keeps every chunk still being decoded on a thread when SIGTERM comes', {
    timeout: 180_000,
  }, async () => {
    const env = { TAPEDECK_DECODE_THREADS: '2' };
    const first = await startCliServer({ args: ARGS, env });
    const chunks = Array.from({ length: 8 }, () => freshChunk());
    const bodies = chunks.map((chunk) => gzipSync(jsonOfSize(chunk, 25_000_000)));
    let stopping: Promise<void> | undefined;
    const answers = await Promise.all(
      bodies.map(async (body) => {
        const answer = await postRaw(first, body);
        const late = stopping !== undefined;
        // The first answer: the others are still queued or decoding. Stop now.
        stopping ??= first.stop({ keepData: true });
        return { ...answer, late };
      }),
    );
    await stopping;
    expect(answers.filter((a) => a.late).length, 'chunks in flight at SIGTERM').toBeGreaterThan(0);
    expect(answers.map((a) => a.status)).toEqual(chunks.map(() => 200));

    const { dataDir, token, adminKey } = first;
    const again = await startCliServer({ dataDir, token, adminKey, args: ARGS, env });
    try {
      for (const chunk of chunks)
        expect((await again.api(`/api/sessions/${chunk.sessionId}`)).status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});
