import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { build } from 'vite';
import { rrwebAliases } from './fidelityKit.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
/** The fidelity pages recorded by posthog-js, and the replay page; apart from other suites'. */
export const POSTHOG_SITE_DIR = join(import.meta.dirname, '..', 'artifacts', 'fidelity-posthog');

/** Builds `pages` with posthog-js as their recorder (`./record.ts` → `record-posthog.ts`). */
export async function buildPostHogSite(pages: string[]): Promise<void> {
  await build({
    root: FIXTURES,
    logLevel: 'warn',
    resolve: {
      alias: [
        { find: /^\.\/record\.ts$/, replacement: join(FIXTURES, 'record-posthog.ts') },
        ...rrwebAliases(),
      ],
    },
    build: {
      outDir: POSTHOG_SITE_DIR,
      emptyOutDir: true,
      rollupOptions: {
        input: [...pages, 'replay-differential'].map((name) => join(FIXTURES, `${name}.html`)),
      },
    },
  });
  mkdirSync(join(POSTHOG_SITE_DIR, 'recordings'), { recursive: true });
}

export type PostHogEvent = { type: number; timestamp: number; data: unknown; cv?: string };
type Upload = {
  event: string;
  properties: {
    $snapshot_data?: PostHogEvent[];
    $session_id?: string;
    $window_id?: string;
    distinct_id?: string;
  };
};

/**
 * A stand-in for PostHog's API: turns session recording on in the remote config and keeps
 * every `$snapshot` posthog-js uploads (bodies gzipped or not), decoded.
 */
export async function startPostHogStub() {
  const uploads: Upload[] = [];
  const config = JSON.stringify({
    featureFlags: {},
    flags: {},
    sessionRecording: { endpoint: '/s/' },
    supportedCompression: ['gzip', 'gzip-js'],
    autocapture_opt_out: true,
  });
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      const path = (req.url ?? '').split('?')[0] ?? '';
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Headers', '*');
      if (req.method === 'OPTIONS') return res.writeHead(204).end();
      if (path.startsWith('/flags') || path.startsWith('/decide') || path.endsWith('/config'))
        return res.writeHead(200, { 'Content-Type': 'application/json' }).end(config);
      if (path.startsWith('/s') && body.length > 0) {
        const text = (body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body).toString();
        const batch = JSON.parse(text) as Upload | Upload[];
        for (const upload of Array.isArray(batch) ? batch : [batch])
          if (upload.event === '$snapshot') uploads.push(upload);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":1}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    uploads,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The v2 export file PostHog's "Export to file" writes for what posthog-js uploaded: each
 * event with its window. `asSent` keeps events compressed as posthog-js sent them; without
 * it they are plain rrweb events, as PostHog's player holds (and exports) them.
 */
export function postHogExportFile(uploads: Upload[], asSent = false) {
  const first = uploads[0]?.properties;
  if (!first) throw new Error('posthog-js uploaded no recording.');
  const snapshots = uploads
    .flatMap((u) =>
      (u.properties.$snapshot_data ?? []).map((event) => ({
        ...(asSent ? event : decompressed(event)),
        windowId: u.properties.$window_id ?? '',
      })),
    )
    .sort((a, b) => a.timestamp - b.timestamp);
  return {
    version: '2023-04-28',
    data: {
      id: first.$session_id ?? '',
      person: { distinct_ids: [first.distinct_id ?? ''], properties: {} },
      snapshots,
    },
  };
}

/** A posthog-js event as rrweb wrote it (its `cv: '2024-10'` compression undone). */
export function decompressed(event: PostHogEvent): PostHogEvent {
  const { cv, ...plain } = event;
  if (!cv) return plain;
  const inflate = (value: unknown) =>
    typeof value === 'string'
      ? (JSON.parse(gunzipSync(Buffer.from(value, 'latin1')).toString('utf8')) as unknown)
      : value;
  if (typeof plain.data === 'string') return { ...plain, data: inflate(plain.data) };
  const data = { ...(plain.data as Record<string, unknown>) };
  for (const key of ['adds', 'removes', 'texts', 'attributes']) data[key] = inflate(data[key]);
  return { ...plain, data };
}

/** Writes a recording (NDJSON of `{ events }` lines) where the replay page reads them. */
export function writeRecording(name: string, text: string): string {
  writeFileSync(join(POSTHOG_SITE_DIR, 'recordings', `${name}.ndjson`), text);
  return `/recordings/${name}.ndjson`;
}
