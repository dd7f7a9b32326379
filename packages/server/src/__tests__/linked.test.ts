import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getJson,
  gz,
  makeChunk,
  post,
  removeDir,
  startTestServer,
  type TestServer,
} from './helpers.js';

// The sessions around one: the same person's previous and next (by start), the session it was
// continued from (its `$session_starting` names it), and those continued from it. The same on
// SQLite and PostgreSQL.
const id = (n: number) => `0192a0c1-7d2e-7c3b-9a4f-0000000002${String(n).padStart(2, '0')}`;
const [A, B, C, D, E, F] = [1, 2, 3, 4, 5, 6].map(id) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const NOWHERE = id(99);

function session(sessionId: string, distinctId?: string, previousSessionId?: string) {
  const chunk = makeChunk({ sessionId, ...(distinctId ? { distinctId } : {}) });
  const t = chunk.events[0]!.timestamp;
  const starting = previousSessionId
    ? [
        {
          type: 5,
          timestamp: t + 3,
          data: { tag: '$session_starting', payload: { previousSessionId, reason: 'idle' } },
        },
      ]
    : [];
  return { ...chunk, events: [...chunk.events, ...starting] };
}

type Linked = {
  previous: { id: string } | null;
  next: { id: string } | null;
  continuedFrom: { id: string } | null;
  continuedIn: { id: string }[];
};

describe("a session's linked sessions", () => {
  let server: TestServer;
  const linked = async (of: string) => {
    const { status, json } = await getJson(server, `/api/sessions/${of}/linked`);
    expect(status).toBe(200);
    const l = json as unknown as Linked;
    return {
      previous: l.previous?.id ?? null,
      next: l.next?.id ?? null,
      continuedFrom: l.continuedFrom?.id ?? null,
      continuedIn: l.continuedIn.map((s) => s.id),
    };
  };

  beforeAll(async () => {
    server = await startTestServer();
    // In time order: ada's A, bob's B, ada's C (continued from A after the idle timeout),
    // an anonymous D continued from C in another tab, ada's E, and F naming a session
    // that is not in the project.
    const sessions = [
      session(A, 'ada'),
      session(B, 'bob'),
      session(C, 'ada', A),
      session(D, undefined, C),
      session(E, 'ada'),
      session(F, undefined, NOWHERE),
    ];
    for (const s of sessions) expect((await post(server, gz(s))).status).toBe(200);
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it("links the same person's previous and next sessions, skipping other people's", async () => {
    expect(await linked(C)).toEqual({ previous: A, next: E, continuedFrom: A, continuedIn: [D] });
    expect(await linked(A)).toEqual({
      previous: null,
      next: C,
      continuedFrom: null,
      continuedIn: [C],
    });
    expect(await linked(E)).toEqual({
      previous: C,
      next: null,
      continuedFrom: null,
      continuedIn: [],
    });
    expect(await linked(B)).toEqual({
      previous: null,
      next: null,
      continuedFrom: null,
      continuedIn: [],
    });
  });

  it('links an anonymous session only by continuation, and never to a session not stored', async () => {
    expect(await linked(D)).toEqual({
      previous: null,
      next: null,
      continuedFrom: C,
      continuedIn: [],
    });
    expect(await linked(F)).toEqual({
      previous: null,
      next: null,
      continuedFrom: null,
      continuedIn: [],
    });
  });

  it('says when and where each linked session began, and 404s an unknown session', async () => {
    const { json } = await getJson(server, `/api/sessions/${C}/linked`);
    const { json: a } = await getJson(server, `/api/sessions/${A}`);
    expect((json as unknown as Linked).previous).toEqual({
      id: A,
      distinctId: 'ada',
      startTime: a.startTime,
      endTime: a.endTime,
      firstUrl: a.firstUrl,
    });
    expect((await getJson(server, `/api/sessions/${NOWHERE}/linked`)).status).toBe(404);
  });
});
