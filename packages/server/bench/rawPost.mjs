// The ingest benchmark's client: kept-alive sockets sending hand-made HTTP/1.1 requests,
// one at a time on each. It costs this machine about half the CPU a chunk of undici's
// `request`, and a real server's clients are other machines, so its share of the cores is
// printed beside the server's.
import { connect } from 'node:net';

/**
 * Posts `bodies` to `/s/` on `connections` sockets; every answer must be a 200 that is not
 * a duplicate. Returns each acknowledgement's latency in ms.
 * @param {{ url: string, token: string, bodies: Buffer[], connections: number, headers: (i: number) => Record<string, string> }} o
 */
export async function rawPost({ url, token, bodies, connections, headers }) {
  const { hostname, port } = new URL(url);
  const latencies = [];
  let next = 0;
  const connection = (i) =>
    new Promise((resolve, reject) => {
      const extra = Object.entries(headers(i))
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      const head = `POST /s/?token=${token} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: text/plain\r\n${extra}`;
      const socket = connect(Number(port), hostname);
      socket.setNoDelay(true);
      let sentAt = 0;
      let received = Buffer.alloc(0);
      const fail = (error) => {
        socket.destroy();
        reject(error);
      };
      const send = () => {
        const body = bodies[next++];
        if (!body) {
          socket.end(resolve);
          return;
        }
        sentAt = performance.now();
        socket.write(
          Buffer.concat([Buffer.from(`${head}Content-Length: ${body.length}\r\n\r\n`), body]),
        );
      };
      socket.on('data', (data) => {
        received = received.length > 0 ? Buffer.concat([received, data]) : data;
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        const top = received.subarray(0, end).toString('latin1');
        const length = /\r\ncontent-length: *(\d+)/i.exec(top)?.[1];
        if (length === undefined)
          return fail(new Error(`an answer without Content-Length:\n${top}`));
        const bodyEnd = end + 4 + Number(length);
        if (received.length < bodyEnd) return;
        const answer = received.subarray(end + 4, bodyEnd).toString('utf8');
        received = received.subarray(bodyEnd);
        const status = top.slice(9, 12);
        if (status !== '200') return fail(new Error(`ingest answered ${status}: ${answer}`));
        // A chunk stored before costs a primary-key read, not the work being measured.
        if (JSON.parse(answer).duplicate)
          return fail(new Error('ingest took a chunk as a duplicate'));
        latencies.push(performance.now() - sentAt);
        send();
      });
      socket.once('connect', send);
      socket.once('error', fail);
    });
  await Promise.all(Array.from({ length: connections }, (_, i) => connection(i)));
  return latencies;
}
