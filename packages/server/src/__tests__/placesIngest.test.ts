import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  getJson,
  makeChunk,
  removeDir,
  startTestServer,
  type TestServer,
  TOKEN,
} from './helpers.js';

// In DE per the pinned DB-IP release (DNS.WATCH's resolver): see places.test.ts.
const ADDRESS = '84.200.69.80';
const SESSION = '0192a0c1-7d2e-7c3b-9a4f-0000000000de';

let server: TestServer | undefined;
afterEach(async () => {
  if (!server) return;
  await server.close();
  removeDir(server.dataDir);
  server = undefined;
});

const send = (s: TestServer, forwardedFor: string, sessionId = SESSION) =>
  fetch(`${s.url}/s/?token=${TOKEN}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', 'X-Forwarded-For': forwardedFor },
    body: JSON.stringify(makeChunk({ sessionId })),
  });

const search = async (s: TestServer, filter: unknown) =>
  (
    (await getJson(s, `/api/sessions?filter=${encodeURIComponent(JSON.stringify(filter))}`)).json
      .sessions as { id: string; country: string | null }[]
  ).map((x) => x.id);

/** Every byte the store keeps: the SQLite files, or every PostgreSQL row as text. */
async function storedText(s: TestServer): Promise<string> {
  if (!s.stores.databaseUrl)
    return readdirSync(s.dataDir)
      .filter((name) => name.startsWith('tapedeck.db'))
      .map((name) => readFileSync(join(s.dataDir, name)).toString('latin1'))
      .join('\n');
  const client = new pg.Client({ connectionString: s.stores.databaseUrl });
  await client.connect();
  const tables = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
  );
  const parts: string[] = [];
  for (const { table_name } of tables.rows)
    parts.push(JSON.stringify((await client.query(`SELECT * FROM "${table_name}"`)).rows));
  await client.end();
  return parts.join('\n');
}

describe('places', () => {
  it('ignores a spoofed X-Forwarded-For by default: the connection is the client', async () => {
    server = await startTestServer();
    expect((await send(server, ADDRESS)).status).toBe(200);
    const { json } = await getJson(server, `/api/sessions/${SESSION}`);
    // 127.0.0.1 has no country; the header's address would have been DE.
    expect(json.country).toBeNull();
    expect(await search(server, { country: 'DE' })).toEqual([]);
  });

  it("stores a trusted proxy's client's country, finds it by filter, and never the address", async () => {
    server = await startTestServer(undefined, { trustProxy: '127.0.0.1' });
    expect((await send(server, ADDRESS)).status).toBe(200);
    // A second chunk from elsewhere keeps the country the session started with.
    const other = makeChunk({ sessionId: SESSION, seq: 1 });
    await fetch(`${server.url}/s/?token=${TOKEN}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'X-Forwarded-For': '1.1.1.1' },
      body: JSON.stringify(other),
    });
    const session = '0192a0c1-7d2e-7c3b-9a4f-0000000000a0';
    expect((await send(server, '1.1.1.1', session)).status).toBe(200);
    expect((await send(server, '10.0.0.7', '0192a0c1-7d2e-7c3b-9a4f-0000000000f0')).status).toBe(
      200,
    );

    const { json } = await getJson(server, `/api/sessions/${SESSION}`);
    expect(json.country).toBe('DE');
    expect(await search(server, { country: 'DE' })).toEqual([SESSION]);
    expect(await search(server, { country: 'de' })).toEqual([SESSION]);
    expect((await search(server, { country: { in: ['AU', 'DE'] } })).sort()).toEqual(
      [SESSION, session].sort(),
    );
    expect(await search(server, { not: { country: 'DE' } })).not.toContain(SESSION);
    const listed = (await getJson(server, '/api/sessions')).json.sessions as {
      id: string;
      country: string | null;
    }[];
    expect(Object.fromEntries(listed.map((s) => [s.id, s.country]))).toEqual({
      [SESSION]: 'DE',
      [session]: 'AU',
      '0192a0c1-7d2e-7c3b-9a4f-0000000000f0': null,
    });

    // Closed first, so that the SQLite files hold every write (WAL checkpointed).
    const closed = server;
    server = undefined;
    await closed.close();
    const text = await storedText(closed);
    removeDir(closed.dataDir);
    expect(text).toContain(SESSION); // the scan sees what was stored
    for (const address of [ADDRESS, '1.1.1.1', '10.0.0.7']) expect(text).not.toContain(address);
  });

  it('refuses a country that is not two letters, and lists too long', async () => {
    server = await startTestServer();
    for (const filter of [
      { country: 'DEU' },
      { country: { in: [] } },
      { country: { in: Array(51).fill('DE') } },
    ]) {
      const response = await getJson(
        server,
        `/api/sessions?filter=${encodeURIComponent(JSON.stringify(filter))}`,
      );
      expect(response.status, JSON.stringify(filter)).toBe(400);
    }
  });
});
