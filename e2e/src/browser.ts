import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, HOW_TO_GET_CHROMIUM } from '../../scripts/chromium.mjs';

/** Headless Chromium (the system's), with the flags this closed-network machine needs. */
export function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(HOW_TO_GET_CHROMIUM);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
