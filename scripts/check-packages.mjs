#!/usr/bin/env node
// Packs every published package the way `changeset publish` will (pnpm pack, which turns
// `workspace:*` into real versions) and checks the tarball, not the folder: publint
// (strict), @arethetypeswrong/cli, and the metadata our conventions ask for. Build first
// (`pnpm check:packages` does). Needs no network. Usage:
//   node scripts/check-packages.mjs [--keep] [name-or-folder ...]
// --keep leaves the tarballs in a temporary folder and prints it (e.g. to install them outside
// the workspace).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const only = args.filter((a) => !a.startsWith('--'));

// Every package is ESM-only ("type": "module", an `import` condition and no `require`), so
// attw's `esm-only` profile is the honest one: it still fails a package whose types are
// wrong under node16-ESM or bundler resolution, and does not ask CommonJS `require()` (on
// Node < 20.19) or `moduleResolution: node10` to work. Anything else we ask attw to skip
// is listed here with the reason.
const attwExtra = {
  // A classic worker script, loaded by URL through the `workerUrl` option, never imported.
  '@tapedeck/core': ['--exclude-entrypoints', './worker.js'],
  // A stylesheet: nothing for TypeScript to resolve.
  '@tapedeck/player': ['--exclude-entrypoints', './style.css'],
  // index.d.ts re-exports `./Mask.svelte` and friends; Svelte's tooling resolves those to
  // the shipped `Mask.svelte.d.ts`, plain TypeScript cannot, and attw says reading .svelte
  // is out of its scope (arethetypeswrong.github.io#171).
  '@tapedeck/svelte': ['--ignore-rules', 'internal-resolution-error'],
};

const pnpm = ['npx', '-y', 'pnpm@12.4.2'];
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', ...opts });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => !pkg.private)
  .filter(
    ({ dir, pkg }) =>
      only.length === 0 || only.some((o) => o === pkg.name || dir.endsWith(`/${o}`)),
  );

const out = mkdtempSync(join(tmpdir(), 'tapedeck-packs-'));
const failures = [];

for (const { dir, pkg } of packages) {
  const problems = [];
  const before = new Set(readdirSync(out));
  const packed = run(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', out], { cwd: dir });
  const tarball = readdirSync(out).find((f) => f.endsWith('.tgz') && !before.has(f));
  if (!packed.ok || !tarball) {
    failures.push(`${pkg.name}: pnpm pack failed (is it built?)\n${packed.out}`);
    continue;
  }
  const file = join(out, tarball);

  // What is in the tarball, and its package.json as users will get it.
  const listing = run('tar', ['-tzf', file]).out.split('\n');
  const shipped = JSON.parse(run('tar', ['-xzOf', file, 'package/package.json']).out);
  for (const need of ['package/README.md', 'package/LICENSE']) {
    if (!listing.includes(need)) problems.push(`the tarball has no ${need.slice(8)}`);
  }
  for (const entry of shipped.files ?? []) {
    const prefix = `package/${entry.replace(/^\.\//, '').replace(/\/$/, '')}`;
    if (!listing.some((f) => f === prefix || f.startsWith(`${prefix}/`))) {
      problems.push(`\`files\` names ${entry}, which is not in the tarball (not built?)`);
    }
  }
  const readme = run('tar', ['-xzOf', file, 'package/README.md']).out;
  if (!readme.includes(`npm install ${pkg.name}`)) {
    problems.push(`README.md has no install line (\`npm install ${pkg.name}\`)`);
  }
  if (JSON.stringify(shipped).includes('workspace:')) {
    problems.push('a `workspace:` range survived packing');
  }
  if (!shipped.engines?.node) problems.push('no `engines.node`');
  if (shipped.sideEffects === undefined) problems.push('no `sideEffects`');
  if (shipped.type !== 'module') problems.push('not `"type": "module"`');
  for (const key of ['description', 'license', 'keywords']) {
    if (!shipped[key]) problems.push(`no \`${key}\``);
  }

  const publint = run(bin('publint'), ['run', file, '--strict'], { cwd: root });
  if (!publint.ok || /warning|error|suggestion/i.test(publint.out.replace(/^Running.*$/m, ''))) {
    problems.push(`publint:\n${publint.out}`);
  }
  const attw = run(
    bin('attw'),
    [file, '--profile', 'esm-only', '--format', 'table-flipped', ...(attwExtra[pkg.name] ?? [])],
    { cwd: root },
  );
  if (!attw.ok) problems.push(`attw:\n${attw.out}`);

  const status = problems.length === 0 ? 'ok  ' : 'FAIL';
  console.log(`${status} ${pkg.name}@${shipped.version}  ${listing.length} files`);
  if (problems.length > 0) failures.push(`${pkg.name}:\n  - ${problems.join('\n  - ')}`);
}

if (!keep) rmSync(out, { recursive: true, force: true });
else console.log(`tarballs in ${out}`);
if (failures.length > 0) {
  console.error(`\n${failures.join('\n\n')}`);
  process.exit(1);
}
console.log(`${packages.length} packages: publint and attw clean`);
