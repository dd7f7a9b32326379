#!/usr/bin/env node
// Tapedeck as users get it, outside the workspace: packs every package, makes fresh apps in a
// temporary folder that install only the tarballs (and their frameworks from npm), builds each
// for production, records one session from each in Chromium into a server installed from its
// tarball and started with `npx tapedeck serve`, and checks that no canary reached it.
// Build the packages first (`pnpm test:outside` does). Needs npm's registry and Chromium.
//   node scripts/outside-apps.mjs [--keep] [--server-dir=<folder>] [app ...]  (apps: APPS below)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CHROMIUM_ARGS, findChromium, HOW_TO_GET_CHROMIUM } from './chromium.mjs';
import { freePort } from './freePort.mjs';
import { bundleBytes, tapedeckGroups } from './outside-apps/bundleBytes.mjs';
import { nuxtApp, sveltekit } from './outside-apps/kitNuxtApps.mjs';
import { nextApp, nextPages } from './outside-apps/nextApps.mjs';
import { recordApp, waitFor } from './outside-apps/record.mjs';
import { viteReact, viteVue } from './outside-apps/viteApps.mjs';

const APPS = [viteReact, viteVue, nextApp, nextPages, sveltekit, nuxtApp];
const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const only = args.filter((a) => !a.startsWith('--'));
const apps = APPS.filter((a) => only.length === 0 || only.includes(a.name));

const chromiumPath = findChromium();
if (!chromiumPath) throw new Error(HOW_TO_GET_CHROMIUM);
const { chromium } = createRequire(join(root, 'e2e', 'package.json'))('playwright-core');

/** Runs a command to its end; throws with its output when it fails. Returns the seconds taken. */
function run(cmd, argv, cwd, env = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${argv.join(' ')} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
  }
  return (Date.now() - started) / 1000;
}

/** Starts a long-running command in its own process group; `stop()` ends the group. */
function start(cmd, argv, cwd, env = {}) {
  const child = spawn(cmd, argv, {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((r) => child.once('exit', r));
  return {
    output: () => output,
    async stop() {
      if (child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}

const npmInstall = (dir) =>
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], dir);

function writeApp(dir, files, pkg) {
  for (const [path, text] of Object.entries({ ...files, 'package.json': JSON.stringify(pkg) })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

// 1. Pack, with the same checks as `pnpm check:packages`.
const packed = spawnSync('node', [join(root, 'scripts', 'check-packages.mjs'), '--keep'], {
  encoding: 'utf8',
});
const packDir = /tarballs in (\S+)/.exec(packed.stdout)?.[1];
if (packed.status !== 0 || !packDir)
  throw new Error(`packing failed:\n${packed.stdout}${packed.stderr}`);
const tarball = (name) => {
  const file = readdirSync(packDir).find((f) => f.startsWith(`tapedeck-${name}-`));
  if (!file) throw new Error(`no tarball for @tapedeck/${name} in ${packDir}`);
  return `file:${join(packDir, file)}`;
};
const tapedeckDeps = (names) =>
  Object.fromEntries(names.map((n) => [`@tapedeck/${n}`, tarball(n)]));

const work = mkdtempSync(join(tmpdir(), 'tapedeck-outside-'));
console.log(`packed into ${packDir}; apps in ${work}`);

// 2. The server, from its tarball alone.
// --server-dir=<folder> reuses the server folder a --keep run left (compiling better-sqlite3
// takes minutes), when working on the apps.
const reused = args.find((a) => a.startsWith('--server-dir='))?.slice('--server-dir='.length);
const serverDir = reused ?? join(work, 'server');
if (!reused) {
  writeApp(serverDir, {}, { private: true, dependencies: tapedeckDeps(['server', 'protocol']) });
}
const serverInstall = reused ? 0 : npmInstall(serverDir);
const token = `outside_${randomBytes(6).toString('hex')}`;
const adminKey = `tdk_outside_${randomBytes(18).toString('base64url')}`;
const serverPort = await freePort();
const serverProc = start(
  'npx',
  ['tapedeck', 'serve', '--port', String(serverPort), '--data', join(work, 'data')],
  serverDir,
  { TAPEDECK_TOKEN: token, TAPEDECK_ADMIN_KEY: adminKey },
);
const serverUrl = await waitFor(
  async () => /Viewer:\s+(http:\/\/\S+?)\/?\s/.exec(serverProc.output())?.[1],
  `the server to start:\n${serverProc.output()}`,
  60_000,
);
const server = {
  url: serverUrl,
  token,
  api: (path) => fetch(`${serverUrl}${path}`, { headers: { Authorization: `Bearer ${adminKey}` } }),
};
console.log(`server from its tarball (installed in ${serverInstall.toFixed(0)} s) at ${serverUrl}`);

// 3. Each app: install, build, serve, record.
const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
const rows = [];
for (const app of apps) {
  const dir = join(work, app.name);
  const row = { app: app.name, budget: app.budget, recorded: 'no', leaked: '-' };
  rows.push(row);
  let serving;
  try {
    writeApp(dir, app.files, {
      name: app.name,
      private: true,
      type: 'module',
      dependencies: { ...tapedeckDeps(app.tapedeck), ...app.dependencies },
      devDependencies: app.devDependencies,
    });
    row.install = npmInstall(dir);
    row.build = run(app.build[0], app.build.slice(1), dir, app.buildEnv(server));
    const sizes = bundleBytes(
      app.clientDirs.map((d) => join(dir, d)),
      tapedeckGroups(app.adapters),
    );
    row.sizes = sizes.totals;
    const port = await freePort();
    const [cmd, ...argv] = app.serve(port);
    serving = start(cmd, argv, dir, { PORT: String(port), ...app.serveEnv?.(server) });
    const url = `http://127.0.0.1:${port}${app.path ?? '/'}`;
    await waitFor(
      () =>
        fetch(url).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        ),
      `${app.name} to serve ${url}:\n${serving.output()}`,
      60_000,
    );
    const checks = app.record ?? ((b, s, u) => recordApp(b, s, app.name, u));
    const result = await checks(browser, server, url);
    row.recorded = 'yes';
    row.leaked = result.leaked.length;
    if (result.leaked.length > 0) row.error = `canaries leaked: ${result.leaked.join(', ')}`;
    if (result.note) row.note = result.note;
  } catch (error) {
    row.error = String(error?.stack ?? error).slice(-3000);
  } finally {
    await serving?.stop();
  }
}
await browser.close();
await serverProc.stop();

// 4. The table.
const kb = (n) => (n === undefined ? '-' : `${(n / 1024).toFixed(2)} KB`);
const s = (n) => (n === undefined ? '-' : `${n.toFixed(0)} s`);
const table = rows.map((r) => ({
  app: r.app,
  install: s(r.install),
  build: s(r.build),
  'adapter gz': kb(r.sizes?.adapter),
  'adapter budget': r.budget,
  'core eager gz (6 KB)': kb(r.sizes?.core),
  'recorder lazy gz (35 KB)': kb(r.sizes?.recorder),
  'web vitals lazy gz (6.5 KB)': kb(r.sizes?.vitals),
  recorded: r.recorded,
  'canaries leaked': r.leaked,
}));
console.table(table);
for (const r of rows) if (r.note) console.log(`${r.app}: ${r.note}`);
const failed = rows.filter((r) => r.error);
for (const r of failed) console.error(`\n${r.app} FAILED: ${r.error}`);
if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`kept the apps in ${work}`);
rmSync(packDir, { recursive: true, force: true });
process.exit(failed.length > 0 ? 1 : 0);
