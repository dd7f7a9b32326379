import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * A stand-in for the Tapedeck server (which core may not depend on): collects the chunks
 * POSTed to /s/ and answers with the status codes it is told to.
 */
export interface Collector {
  host: string;
  chunks: { seq: number; events: { type: number; data: unknown }[]; [k: string]: unknown }[];
  bodies: Buffer[];
  statuses: number[];
  close(): Promise<void>;
}

export async function startCollector(): Promise<Collector> {
  const collector = { chunks: [], bodies: [], statuses: [] } as unknown as Collector;
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => {
      if (req.method !== 'POST') {
        res.writeHead(404, { 'Access-Control-Allow-Origin': '*' }).end('{}');
        return;
      }
      const status = collector.statuses.shift() ?? 200;
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (status === 200) {
        const body = Buffer.concat(parts);
        collector.bodies.push(body);
        const json = body[0] === 0x1f ? gunzipSync(body).toString() : body.toString();
        collector.chunks.push(JSON.parse(json));
      }
      res.writeHead(status).end(status === 200 ? '{"ok":true}' : 'try later');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  collector.host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  collector.close = () => new Promise((resolve) => server.close(() => resolve()));
  return collector;
}
