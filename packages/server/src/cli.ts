#!/usr/bin/env node
// Blob writes fsync in libuv's pool: more threads let concurrent uploads sync together.
process.env.UV_THREADPOOL_SIZE ??= '16';

import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ADMIN_KEY_FILE } from './internal/adminKey.js';
import { checkStore, describeCheck } from './internal/checkStore.js';
import { hashKey, newKey, ROLES, type Role } from './internal/keys.js';
import { LOG_FORMATS, type LogFormat } from './internal/Logger.js';
import { openStores, startServer } from './startServer.js';
import { uploadSourceMaps } from './uploadSourceMaps.js';

const USAGE = `Usage:
  tapedeck serve [--port 8787] [--host 127.0.0.1] [--data ./tapedeck-data] [--token T]
                 [--admin-key K] [--retention-days 30] [--no-demo]
                 [--trust-proxy ADDRESSES] [--client-rate 200] [--session-rate 10]
                 [--project-rate 1000] [--log-format text|json] [--metrics-port 9464]
  tapedeck create-key --role viewer|editor|admin [--name NAME] [--data ./tapedeck-data]
  tapedeck check [--data ./tapedeck-data]    (server stopped: index vs chunk files)
  tapedeck sourcemaps upload <dir> --url-prefix https://shop.example/assets/
                 [--release 1.4.2] [--server http://127.0.0.1:8787] [--key tdk_…]

Environment: TAPEDECK_PORT, TAPEDECK_HOST, TAPEDECK_DATA_DIR, TAPEDECK_TOKEN,
TAPEDECK_ADMIN_KEY, TAPEDECK_RETENTION_DAYS, TAPEDECK_TRUST_PROXY, TAPEDECK_LOG_FORMAT,
TAPEDECK_METRICS_PORT (flags win); TAPEDECK_METRICS_TOKEN (16+ characters; environment only,
so it stays out of the process list) opens GET /metrics on the main port to
Authorization: Bearer <token>; --metrics-port serves /metrics to anyone on a second port.
GET /livez and GET /readyz are always open (see docs/DEPLOY.md);
for sourcemaps: TAPEDECK_SERVER, TAPEDECK_API_KEY (an editor key), TAPEDECK_RELEASE.
--trust-proxy: the proxies whose X-Forwarded-For names the client (e.g. 127.0.0.1 or
10.0.0.0/8, comma-separated; "true" for any); by default no header is believed.
--client-rate / --session-rate / --project-rate: chunks per second one client address /
one session / the project may send (in bursts of 5 s / 10 s / 5 s worth). A visitor sends
a chunk every few seconds: raise --project-rate past ~3,000 visitors at once.
Past one machine: DATABASE_URL (postgres://…) for the metadata; S3_BUCKET, S3_ENDPOINT,
S3_REGION, S3_PREFIX, S3_FORCE_PATH_STYLE and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for
the chunks (see docs/DEPLOY.md).`;

function fail(message: string): never {
  process.stderr.write(`tapedeck: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  // `pnpm start -- --port 9000` passes the `--` through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    token: { type: 'string' },
    'admin-key': { type: 'string' },
    'retention-days': { type: 'string' },
    'no-demo': { type: 'boolean' },
    'trust-proxy': { type: 'string' },
    'client-rate': { type: 'string' },
    'session-rate': { type: 'string' },
    'project-rate': { type: 'string' },
    'log-format': { type: 'string' },
    'metrics-port': { type: 'string' },
    role: { type: 'string' },
    release: { type: 'string' },
    'url-prefix': { type: 'string' },
    server: { type: 'string' },
    key: { type: 'string' },
    name: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
const env = process.env;
const dataDir = resolve(values.data ?? env.TAPEDECK_DATA_DIR ?? 'tapedeck-data');

/** SQLite and a folder in `dataDir`, or PostgreSQL and S3 when the environment names them. */
function storage() {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    fail('DATABASE_URL must be a postgres:// URL.');
  const bucket = env.S3_BUCKET || undefined;
  if (!bucket && (env.S3_ENDPOINT || env.S3_PREFIX))
    fail('S3_ENDPOINT and S3_PREFIX need S3_BUCKET: name the bucket that holds the chunks.');
  const s3 = bucket
    ? {
        bucket,
        endpoint: env.S3_ENDPOINT || undefined,
        region: env.S3_REGION || env.AWS_REGION || undefined,
        prefix: env.S3_PREFIX || undefined,
        ...(env.S3_FORCE_PATH_STYLE ? { forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true' } : {}),
      }
    : undefined;
  return { dataDir, databaseUrl, s3 };
}

async function serve(): Promise<void> {
  const port = Number(values.port ?? env.TAPEDECK_PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    fail(
      `--port must be a whole number from 0 to 65535, got "${values.port ?? env.TAPEDECK_PORT}".`,
    );
  const token = values.token ?? env.TAPEDECK_TOKEN;
  if (token !== undefined && !/^[A-Za-z0-9_-]{8,100}$/.test(token))
    fail('--token must be 8 to 100 letters, digits, _ or -.');
  const adminKey = values['admin-key'] ?? env.TAPEDECK_ADMIN_KEY;
  if (adminKey !== undefined && !/^[A-Za-z0-9_-]{16,200}$/.test(adminKey))
    fail('--admin-key must be 16 to 200 letters, digits, _ or -.');
  const retention = values['retention-days'] ?? env.TAPEDECK_RETENTION_DAYS;
  const retentionDays = retention === undefined ? undefined : Number(retention);
  if (
    retentionDays !== undefined &&
    !(Number.isInteger(retentionDays) && retentionDays >= 1 && retentionDays <= 365)
  )
    fail(`--retention-days must be a whole number from 1 to 365, got "${retention}".`);
  const rate = (flag: 'client-rate' | 'session-rate' | 'project-rate', burstSeconds: number) => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    const perSecond = Number(raw);
    if (!(perSecond > 0))
      fail(`--${flag} must be a positive number of chunks per second, got "${raw}".`);
    return { perSecond, burst: perSecond * burstSeconds };
  };
  const perClient = rate('client-rate', 5);
  const perSession = rate('session-rate', 10);
  const perProject = rate('project-rate', 5);
  const trust = values['trust-proxy'] ?? env.TAPEDECK_TRUST_PROXY;
  const logFormat = values['log-format'] ?? env.TAPEDECK_LOG_FORMAT ?? 'text';
  if (!(LOG_FORMATS as readonly string[]).includes(logFormat))
    fail(`--log-format must be text or json, got "${logFormat}".`);
  const metricsToken = env.TAPEDECK_METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,200}$/.test(metricsToken))
    fail('TAPEDECK_METRICS_TOKEN must be 16 to 200 printable characters, no spaces.');
  const metricsPortText = values['metrics-port'] ?? env.TAPEDECK_METRICS_PORT;
  const metricsPort = metricsPortText === undefined ? undefined : Number(metricsPortText);
  if (
    metricsPort !== undefined &&
    !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65_535)
  )
    fail(`--metrics-port must be a whole number from 0 to 65535, got "${metricsPortText}".`);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      ...storage(),
      ...(trust ? { trustProxy: trust === 'true' ? true : trust } : {}),
      ...(perClient || perSession || perProject
        ? {
            rateLimit: {
              ...(perClient ? { perClient } : {}),
              ...(perSession ? { perSession } : {}),
              ...perProject,
            },
          }
        : {}),
      retentionDays,
      port,
      host: values.host ?? env.TAPEDECK_HOST ?? '127.0.0.1',
      token,
      adminKey,
      demo: !values['no-demo'],
      logFormat: logFormat as LogFormat,
      metricsToken,
      metricsPort,
    });
  } catch (error) {
    // A configuration the server refuses (a guessable admin key, …): say so, plainly.
    if (error instanceof Error && /--admin-key/.test(error.message)) fail(error.message);
    throw error;
  }
  const login = server.newAdminKey
    ? [
        `  Admin key:   ${server.newAdminKey}   (printed once; also in ${join(dataDir, ADMIN_KEY_FILE)})`,
        `  Log in:      ${server.url}/#key=${server.newAdminKey}`,
      ]
    : ['  Log in with your API key (lost it? `tapedeck create-key --role admin`)'];
  if (logFormat === 'json') {
    // One JSON line, like the rest of the log; the new admin key stays in its file.
    process.stdout.write(
      `${JSON.stringify({
        time: new Date().toISOString(),
        level: 'info',
        msg: 'Tapedeck is running',
        url: server.url,
        dataDir,
        ...(server.newAdminKey ? { adminKeyFile: join(dataDir, ADMIN_KEY_FILE) } : {}),
        ...(server.metricsUrl ? { metricsUrl: server.metricsUrl } : {}),
      })}\n`,
    );
  } else
    process.stdout.write(
      [
        '',
        `Tapedeck is running (data in ${dataDir})`,
        `  Viewer:      ${server.url}/`,
        ...login,
        ...(values['no-demo']
          ? []
          : [`  Demo page:   ${server.url}/demo/  (click around, then open the viewer)`]),
        `  Ingestion:   ${server.url}/s/`,
        ...(server.metricsUrl ? [`  Metrics:     ${server.metricsUrl}`] : []),
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

async function createKey(): Promise<void> {
  const role = values.role as Role;
  if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}.`);
  const { metadata, s3 } = await openStores(storage());
  s3?.close();
  const project = await metadata.ensureDefaultProject();
  const key = newKey();
  await metadata.addApiKey(project.id, {
    name: values.name ?? `${role} (cli)`,
    role,
    hash: hashKey(key),
    prefix: key.slice(0, 8),
  });
  await metadata.close();
  process.stdout.write(`${key}\n`);
}

/** Compares every indexed chunk with the chunk files; run with the server stopped. */
async function check(): Promise<void> {
  const { metadata, blobs, s3 } = await openStores(storage());
  const database = await metadata.integrityProblems();
  // The folder's server is stopped; replicas may be writing to the bucket meanwhile.
  const result = await checkStore(metadata, blobs, 0, { idle: !s3 });
  await metadata.close();
  s3?.close();
  process.stdout.write(
    `Database: ${database.length ? database.join('\n') : 'ok'}\n${describeCheck('Store check of every chunk', result)}\n`,
  );
  if (database.length || result.missing.length || result.unreadable.length) process.exitCode = 1;
}

/** `sourcemaps upload <dir>`: every map in the folder, for the files it is served as. */
async function sourcemaps(args: string[]): Promise<void> {
  const [action, dir, ...extra] = args;
  if (action !== 'upload' || !dir || extra.length > 0)
    fail('use: tapedeck sourcemaps upload <dir> --url-prefix <where the folder is served>');
  const urlPrefix = values['url-prefix'];
  if (!urlPrefix || !/^(https?:\/\/|\/)/.test(urlPrefix))
    fail(
      '--url-prefix must say where the folder is served: https://shop.example/assets/ or /assets/.',
    );
  const key = values.key ?? env.TAPEDECK_API_KEY;
  if (!key) fail('--key (or TAPEDECK_API_KEY) must be an editor API key.');
  const count = await uploadSourceMaps({
    dir: resolve(dir),
    urlPrefix,
    release: values.release ?? env.TAPEDECK_RELEASE,
    host: values.server ?? env.TAPEDECK_SERVER ?? 'http://127.0.0.1:8787',
    key,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  if (count === 0) fail(`no .map files in ${resolve(dir)}.`);
  process.stdout.write(`${count} source map(s) uploaded.\n`);
}

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [command, ...rest] = positionals;
  if (command === 'sourcemaps') return sourcemaps(rest);
  if (rest.length > 0) fail(`unexpected "${rest.join(' ')}".`);
  if (command === 'serve') return serve();
  if (command === 'create-key') return createKey();
  if (command === 'check') return check();
  fail(
    `unknown command "${command ?? ''}"; the commands are serve, create-key, check and sourcemaps.`,
  );
}

main().catch((error: unknown) => {
  const doing = positionals[0] === 'sourcemaps' ? 'could not upload' : 'could not start';
  process.stderr.write(`tapedeck: ${doing}: ${(error as Error).message}\n`);
  process.exit(1);
});
