// A stand-in for posthog's and Sentry's servers: enables session recording in posthog's remote
// config, accepts every upload, and counts the bytes each SDK sends for its replay (and keeps
// the bodies, for the tail scenario to look into).
import { createServer } from 'node:http';

const REMOTE_CONFIG = JSON.stringify({
  featureFlags: {},
  flags: {},
  sessionRecording: { endpoint: '/s/' },
  supportedCompression: ['gzip', 'gzip-js'],
  autocapture_opt_out: true,
});

export async function startAnchorStub() {
  const bytes = { posthog: 0, sentry: 0 };
  const bodies = { posthog: [], sentry: [] };
  const server = createServer((req, res) => {
    const parts = [];
    req.on('data', (p) => parts.push(p));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      const path = (req.url ?? '').split('?')[0];
      if (process.env.BENCH_DEBUG) console.log('stub', req.method, req.url, body.length);
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Headers', '*');
      if (req.method === 'OPTIONS') return res.writeHead(204).end();
      if (path.startsWith('/flags') || path.startsWith('/decide') || path.endsWith('/config'))
        return res.writeHead(200, { 'Content-Type': 'application/json' }).end(REMOTE_CONFIG);
      if (path.startsWith('/s')) {
        bytes.posthog += body.length;
        bodies.posthog.push(body);
      }
      if (path.includes('/envelope') && body.includes('replay_recording')) {
        bytes.sentry += body.length;
        bodies.sentry.push(body);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":1}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    bytes,
    bodies,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
