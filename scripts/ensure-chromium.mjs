// Browser tests drive a system Chromium (nothing downloads a browser at install time).
// If none is found: on Debian as root, install Debian's `chromium`; otherwise say how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter(Boolean);

if (candidates.some((path) => existsSync(path))) process.exit(0);

const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canApt) {
  console.error(
    'Chromium is needed for the browser tests and was not found.\n' +
      'Install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH to a\n' +
      'Chromium or Chrome binary, then run the tests again.',
  );
  process.exit(1);
}
console.log('Chromium not found: installing Debian’s chromium package for the browser tests…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execSync('apt-get update -qq && apt-get install -y -qq chromium', { stdio: 'inherit', env });
