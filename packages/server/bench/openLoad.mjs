// Open-loop load for the benchmark: `clients` visitors, each posting its next chunk every
// ~`intervalMs` whatever the server's speed (as recorders do), for `seconds`; the latency
// of each acknowledgement. Closed-loop clients would slow down with the server and hide it.
import { gzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { recordingChunk } from '../../../scripts/recording.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {{ url: string, token: string, clients: number, seconds: number, intervalMs?: number }} o */
export async function openLoad({ url, token, clients, seconds, intervalMs = 2000 }) {
  const run = Date.now().toString(36);
  const start = Date.now();
  const stopAt = start + seconds * 1000;
  const latencies = [];
  let failed = 0;
  // Up to a connection per visitor, as browsers have; undici's request costs less CPU than
  // fetch, and this client shares the machine's cores with the server.
  const dispatcher = new Agent({ connections: clients });
  const client = async (index) => {
    await sleep(Math.random() * intervalMs);
    const sent = [];
    for (let seq = 0; Date.now() < stopAt; seq++) {
      const body = gzipSync(JSON.stringify(recordingChunk(`open-${run}-${index}`, seq, start)));
      const t = performance.now();
      sent.push(
        request(`${url}/s/?token=${token}`, {
          method: 'POST',
          body,
          headers: { 'X-Forwarded-For': `10.2.${index >> 8}.${index & 255}` },
          dispatcher,
        })
          .then(async (res) => {
            await res.body.arrayBuffer();
            if (res.statusCode === 200) latencies.push(performance.now() - t);
            else failed += 1;
          })
          .catch(() => {
            failed += 1;
          }),
      );
      await sleep(intervalMs * (0.75 + Math.random() / 2));
    }
    await Promise.all(sent);
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  return { latencies, failed };
}
