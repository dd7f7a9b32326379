// Shared by the scheduling/consistency attack tests (written from the docs, not the code):
// uploads from a chosen client address (through `X-Forwarded-For`, the server started with
// `--trust-proxy 127.0.0.1`), timed; chunks carrying a marker per (session, seq); read-back.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { unpackEvents } from '@tapedeck/protocol';
import type { CliServer } from '../../../../scripts/cliServer.mjs';
import { freshChunk } from './ingest.attack.helpers.js';

export interface Timed {
  status: number;
  body: string;
  ms: number;
  headers: Headers | null;
}

/** Posts a body as if from `address`; a dropped connection is status 0. */
export async function postFrom(
  server: CliServer,
  address: string,
  body: Uint8Array | string,
): Promise<Timed> {
  const start = performance.now();
  try {
    const response = await fetch(`${server.url}/s/?token=${server.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'X-Forwarded-For': address },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text,
      ms: performance.now() - start,
      headers: response.headers,
    };
  } catch (error) {
    const text = String((error as Error).cause ?? error);
    return { status: 0, body: text, ms: performance.now() - start, headers: null };
  }
}

/** A small chunk of `sessionId` at `seq`, with a custom event naming both and `clicks` clicks. */
export function markedChunk(sessionId: string, seq: number, clicks = 1) {
  const chunk = freshChunk({ sessionId, seq });
  const t = chunk.events[0]?.timestamp ?? 0;
  const events = chunk.events.filter((event) => event.type !== 3);
  for (let i = 0; i < clicks; i++) {
    events.push({
      type: 3,
      timestamp: t + 10 + i,
      data: { source: 2, type: 2, id: 1, x: i, y: 1 },
    });
  }
  events.push({
    type: 5,
    timestamp: t + 100,
    data: { tag: 'mark', payload: { k: `${sessionId}/${seq}` } },
  });
  return { ...chunk, events };
}

export const gzJson = (value: unknown) => gzipSync(JSON.stringify(value));

/** Every `mark` stored for a session, in stored order, and whether every line parsed. */
export async function storedMarks(server: CliServer, sessionId: string) {
  const response = await server.api(`/api/sessions/${sessionId}/snapshots`);
  const text = await response.text();
  const marks: string[] = [];
  /** The padding's length (`jsonOfSize`) beside each mark. */
  const pads = new Map<string, number>();
  let bad = 0;
  for (const line of text.split('\n').filter((l) => l.trim())) {
    try {
      let pad = 0;
      const here: string[] = [];
      for (const event of unpackEvents(JSON.parse(line).events)) {
        const data = event.data as { tag?: string; payload?: { k?: string; x?: string } };
        if (event.type === 5 && data.tag === 'mark') here.push(String(data.payload?.k));
        if (event.type === 5 && data.tag === 'pad') pad += data.payload?.x?.length ?? 0;
      }
      for (const mark of here) pads.set(mark, pad);
      marks.push(...here);
    } catch {
      bad++;
    }
  }
  return { status: response.status, marks, pads, bad };
}

/** Every row of the session list, by id (page after page). */
export async function sessionRows(server: CliServer) {
  const rows = new Map<string, Record<string, unknown>>();
  let cursor: string | null = null;
  do {
    const query: string = `/api/sessions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await server.api(query);
    const page = (await response.json()) as {
      sessions?: Record<string, unknown>[];
      next?: string | null;
    };
    if (response.status !== 200)
      throw new Error(`${query}: ${response.status} ${JSON.stringify(page)}`);
    for (const row of page.sessions ?? []) rows.set(String(row.id), row);
    cursor = page.next ?? null;
  } while (cursor);
  return rows;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
export const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
};

let sessionSerial = 0;
/** A session id of its own (never repeated within a run). */
export const newSessionId = () =>
  `0192a0c1-7d2e-7c3b-9a4f-b${(Date.now() % 1e6).toString(16).padStart(5, '0')}${(++sessionSerial).toString(16).padStart(6, '0')}`;

/**
 * A flooding client address in a child process (`ingest.attack.flood.mjs`), posting `bodies`
 * round robin on `connections` sockets. Resolves once its first answer came.
 */
export async function startFlood(
  server: CliServer,
  address: string,
  connections: number,
  bodies: Uint8Array[],
) {
  const dir = mkdtempSync(join(tmpdir(), 'tapedeck-flood-'));
  const files = bodies.map((body, i) => {
    const file = join(dir, `${i}.bin`);
    writeFileSync(file, body);
    return file;
  });
  const script = join(dirname(fileURLToPath(import.meta.url)), 'ingest.attack.flood.mjs');
  const child = spawn(
    process.execPath,
    [script, server.url, server.token, address, String(connections), ...files],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  let answered = 0;
  child.stdout.on('data', (data: Buffer) => {
    const text = data.toString();
    output += text;
    answered += text.split('a\n').length - 1;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (output.includes('ready\n')) resolve();
    };
    child.stdout.on('data', check);
    exited.then(() => reject(new Error(`the flood exited early: ${output}`)));
  });
  return {
    /** How many answers the flood has had so far. */
    answers: () => answered,
    /** Stops the flood; the statuses it got, counted. */
    async stop(): Promise<Record<string, number>> {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
      const last = output.trim().split('\n').at(-1) ?? '{}';
      return JSON.parse(last.startsWith('{') ? last : '{}');
    },
  };
}
