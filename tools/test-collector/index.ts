import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface Chunk {
  sessionId: string;
  windowId: string;
  seq: number;
  distinctId?: string;
  events: { type: number; timestamp: number; data: unknown }[];
}

/**
 * For core and adapter tests, a stand-in for the Tapedeck server (which they may not depend
 * on): collects the chunks POSTed to /s/, answers with the statuses it is told to, and serves
 * `settings` as the project's recording config.
 */
export interface Collector {
  host: string;
  chunks: Chunk[];
  statuses: { status: number; headers?: Record<string, string> }[];
  settings: Record<string, unknown> | null;
  configRequests: number;
  close(): Promise<void>;
}

export async function startCollector(): Promise<Collector> {
  const collector = {
    chunks: [],
    statuses: [],
    settings: null,
    configRequests: 0,
  } as unknown as Collector;
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (req.method === 'POST' && !req.url?.startsWith('/s/')) {
        res.writeHead(404).end('{}'); // a page's own request, not a chunk
        return;
      }
      if (req.method !== 'POST') {
        collector.configRequests++;
        if (collector.settings) res.writeHead(200).end(JSON.stringify(collector.settings));
        else res.writeHead(404).end('{}');
        return;
      }
      const next = collector.statuses.shift() ?? { status: 200 };
      if (next.status === 200) {
        const body = Buffer.concat(parts);
        const json = body[0] === 0x1f ? gunzipSync(body).toString() : body.toString();
        collector.chunks.push(JSON.parse(json));
      }
      res.writeHead(next.status, next.headers).end(next.status === 200 ? '{"ok":true}' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  collector.host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  collector.close = () => new Promise((resolve) => server.close(() => resolve()));
  return collector;
}

/** Every event received, in order. */
export const eventsOf = (collector: Collector) => collector.chunks.flatMap((c) => c.events);

/** The custom events received, as [tag, payload]. */
export const customsOf = (collector: Collector) =>
  eventsOf(collector)
    .filter((e) => e.type === 5)
    .map((e) => e.data as { tag: string; payload: Record<string, unknown> });

export async function until(check: () => boolean, what = 'condition', ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until everything `recorder` made so far has arrived: a marker event sent after it,
 * and no chunk before the marker's still on its way (a retried upload can arrive after a
 * later one).
 */
export async function untilDelivered(
  collector: Collector,
  recorder: { capture(event: string): void },
): Promise<void> {
  const marker = `delivered-${Math.random().toString(36).slice(2)}`;
  recorder.capture(marker);
  const arrived = () => {
    const carrier = collector.chunks.find((c) =>
      c.events.some((e) => e.type === 5 && (e.data as { tag?: string }).tag === marker),
    );
    if (!carrier) return false;
    const seqs = new Set(
      collector.chunks
        .filter((c) => c.sessionId === carrier.sessionId && c.windowId === carrier.windowId)
        .map((c) => c.seq),
    );
    for (let seq = Math.min(...seqs); seq < carrier.seq; seq++) if (!seqs.has(seq)) return false;
    return true;
  };
  await until(arrived, 'everything sent so far', 60_000);
}
