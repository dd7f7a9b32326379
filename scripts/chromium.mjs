// Where the browser tests and benchmarks find Chromium, and how they start it. Nothing here
// downloads a browser: it is the system's (Debian's `chromium`), or $CHROMIUM_PATH.
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const HOW_TO_GET_CHROMIUM =
  'Chromium is needed for the browser tests and was not found. Install it with ' +
  '`apt-get install chromium` (Debian), or set CHROMIUM_PATH to a Chromium or Chrome binary.';

/** The Chromium binary, or null when there is none. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/** Flags for headless Chromium on a machine whose only network is loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
