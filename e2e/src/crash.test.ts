import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './server.js';

/** A chunk of a busy page: mutations and mouse moves. */
function chunk(session: number, seq: number) {
  const base = Date.now() - 60_000;
  const events: { type: number; timestamp: number; data: unknown }[] = Array.from(
    { length: 40 },
    (_, i) => ({
      type: 3,
      timestamp: base + seq * 100 + i,
      data: {
        source: 0,
        texts: [{ id: i, value: `value ${seq}-${i}` }],
        attributes: [],
        removes: [],
        adds: [],
      },
    }),
  );
  if (seq === 0)
    events.unshift({
      type: 4,
      timestamp: base - 1,
      data: { href: 'https://shop.example/', width: 1, height: 1 },
    });
  return {
    sessionId: `crash-${session}`,
    windowId: 'w',
    seq,
    sentAt: Date.now(),
    sdk: { name: '@tapedeck/core', version: 'test' },
    events,
  };
}

describe('a crash during ingestion', () => {
  it('loses no acknowledged chunk, and the index agrees with the chunks after a restart', async () => {
    let server: CliServer = await startCliServer();
    const { dataDir, token, adminKey } = server;
    const acknowledged = new Set<string>();
    let stop = false;
    // 8 clients send chunks as fast as they can; the server is killed under them.
    const clients = Array.from({ length: 8 }, async (_, client) => {
      for (let seq = 0; !stop; seq++) {
        try {
          const res = await fetch(`${server.url}/s/?token=${token}`, {
            method: 'POST',
            body: gzipSync(JSON.stringify(chunk(client, seq))),
          });
          if (res.ok) acknowledged.add(`crash-${client}/${seq}`);
          else break;
        } catch {
          break; // the server is gone
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    await server.crash();
    stop = true;
    await Promise.all(clients);
    expect(acknowledged.size).toBeGreaterThan(20);

    server = await startCliServer({ dataDir, token, adminKey });
    try {
      const stored = new Set<string>();
      for (let client = 0; client < 8; client++) {
        const res = await server.api(`/api/sessions/crash-${client}/snapshots`);
        if (res.status === 404) continue;
        for (const line of (await res.text()).trim().split('\n')) {
          const c = JSON.parse(line) as { sessionId: string; seq: number };
          stored.add(`${c.sessionId}/${c.seq}`);
        }
        const session = (await (await server.api(`/api/sessions/crash-${client}`)).json()) as {
          chunkCount: number;
        };
        const chunks = [...stored].filter((k) => k.startsWith(`crash-${client}/`)).length;
        expect(session.chunkCount, `crash-${client}`).toBe(chunks);
      }
      const lost = [...acknowledged].filter((key) => !stored.has(key));
      expect(lost).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
