// A flooding client in a process of its own (so the test's honest client does not share an
// event loop with it): `connections` kept-alive raw sockets posting prepared bodies to `/s/`
// from one `X-Forwarded-For` address, any answer taken, until SIGTERM. Prints `ready` once
// the first answer came, `a` for every answer, and on SIGTERM a JSON line of the statuses counted.
// Usage: node ingest.attack.flood.mjs <url> <token> <address> <connections> <bodies.json.gz...>
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

const [url, token, address, connections, ...files] = process.argv.slice(2);
const bodies = files.map((file) => readFileSync(file));
const { hostname, port } = new URL(url);
const head = `POST /s/?token=${token} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: text/plain\r\nX-Forwarded-For: ${address}\r\n`;
/** @type {Record<string, number>} */
const statuses = {};
let next = 0;
let stopping = false;
let told = false;

function connection() {
  const socket = connect(Number(port), hostname);
  socket.setNoDelay(true);
  let received = Buffer.alloc(0);
  const send = () => {
    if (stopping) return socket.destroy();
    const body = bodies[next++ % bodies.length];
    socket.write(
      Buffer.concat([Buffer.from(`${head}Content-Length: ${body.length}\r\n\r\n`), body]),
    );
  };
  socket.on('data', (data) => {
    received = received.length > 0 ? Buffer.concat([received, data]) : data;
    for (;;) {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const top = received.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(top)?.[1] ?? 0);
      if (received.length < end + 4 + length) return;
      received = received.subarray(end + 4 + length);
      const status = top.slice(9, 12);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (!told) {
        told = true;
        process.stdout.write('ready\n');
      }
      process.stdout.write('a\n');
      if (/\r\nconnection: *close/i.test(top)) return socket.destroy();
      send();
    }
  });
  socket.once('connect', send);
  socket.on('error', () => {
    statuses.dropped = (statuses.dropped ?? 0) + 1;
  });
  socket.once('close', () => {
    if (!stopping) setTimeout(connection, 5);
  });
}

for (let i = 0; i < Number(connections); i++) connection();
process.on('SIGTERM', () => {
  stopping = true;
  process.stdout.write(`${JSON.stringify(statuses)}\n`, () => process.exit(0));
});
