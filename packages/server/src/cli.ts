#!/usr/bin/env node
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from './startServer.js';

const USAGE = `Usage: tapedeck serve [--port 8787] [--host 127.0.0.1] [--data ./tapedeck-data] [--token T] [--no-demo]

Environment: TAPEDECK_PORT, TAPEDECK_HOST, TAPEDECK_DATA_DIR, TAPEDECK_TOKEN (flags win).`;

function fail(message: string): never {
  process.stderr.write(`tapedeck: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    // `pnpm start -- --port 9000` passes the `--` through.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      token: { type: 'string' },
      'no-demo': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals[0] !== 'serve' || positionals.length > 1)
    fail(`unknown command "${positionals.join(' ')}"; the command is "serve".`);
  const env = process.env;
  const port = Number(values.port ?? env.TAPEDECK_PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    fail(
      `--port must be a whole number from 0 to 65535, got "${values.port ?? env.TAPEDECK_PORT}".`,
    );
  const token = values.token ?? env.TAPEDECK_TOKEN;
  if (token !== undefined && !/^[A-Za-z0-9_-]{8,100}$/.test(token))
    fail('--token must be 8 to 100 letters, digits, _ or -.');
  const dataDir = resolve(values.data ?? env.TAPEDECK_DATA_DIR ?? 'tapedeck-data');
  const here = dirname(fileURLToPath(import.meta.url));
  const server = await startServer({
    port,
    host: values.host ?? env.TAPEDECK_HOST ?? '127.0.0.1',
    dataDir,
    token,
    viewerDir: join(here, '..', 'viewer'),
    demo: !values['no-demo'],
  });
  process.stdout.write(
    [
      '',
      `Tapedeck is running (data in ${dataDir})`,
      `  Viewer:      ${server.url}/`,
      ...(values['no-demo']
        ? []
        : [`  Demo page:   ${server.url}/demo/  (click around, then open the viewer)`]),
      `  Ingestion:   ${server.url}/s/`,
      `  Project token: ${server.project.token}`,
      '',
      '',
    ].join('\n'),
  );
  const shutdown = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`tapedeck: could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
