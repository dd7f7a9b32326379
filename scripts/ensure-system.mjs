// The tests drive a system Chromium (nothing downloads a browser at install time) and start
// throwaway PostgreSQL servers from Debian's `postgresql`. If either is missing: on Debian as
// root, install Debian's package; otherwise say how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium, HOW_TO_GET_CHROMIUM } from './chromium.mjs';
import { findPostgres, HOW_TO_GET_POSTGRES } from './postgres.mjs';

const missing = [
  ...(findChromium() ? [] : [{ pkg: 'chromium', how: HOW_TO_GET_CHROMIUM }]),
  ...(findPostgres() ? [] : [{ pkg: 'postgresql', how: HOW_TO_GET_POSTGRES }]),
];
if (missing.length === 0) process.exit(0);

const canInstall =
  process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && !process.env.CHROMIUM_PATH;
if (!canInstall) {
  for (const { how } of missing) console.error(how);
  console.error('Then run the tests again.');
  process.exit(1);
}
const names = missing.map((m) => m.pkg).join(' ');
console.log(`Installing Debian's ${names} for the tests…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execSync(`apt-get update -qq && apt-get install -y -qq ${names}`, { stdio: 'inherit', env });
