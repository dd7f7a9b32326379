import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** Collects what a recorder POSTs, as a stand-in for the Tapedeck server. */
export async function startCollector() {
  const chunks: { sessionId: string; events: { type: number; data: unknown }[] }[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (req.method === 'POST') {
        const body = Buffer.concat(parts);
        chunks.push(JSON.parse((body[0] === 0x1f ? gunzipSync(body) : body).toString()));
      }
      res.writeHead(req.method === 'POST' ? 200 : 404).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    chunks,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
