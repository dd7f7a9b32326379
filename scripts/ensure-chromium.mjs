// Browser tests drive a system Chromium (nothing downloads a browser at install time).
// If none is found: on Debian as root, install Debian's `chromium`; otherwise say how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium, HOW_TO_GET_CHROMIUM } from './chromium.mjs';

if (findChromium()) process.exit(0);

if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get') || process.env.CHROMIUM_PATH) {
  console.error(`${HOW_TO_GET_CHROMIUM} Then run the tests again.`);
  process.exit(1);
}
console.log('Chromium not found: installing Debian’s chromium package for the browser tests…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execSync('apt-get update -qq && apt-get install -y -qq chromium', { stdio: 'inherit', env });
