import { UAParser } from 'ua-parser-js';

export interface Client {
  userAgent: string | null;
  browser: string | null;
  os: string | null;
  /** `desktop`, `mobile`, `tablet`, … */
  deviceType: string | null;
}

const cache = new Map<string, Client>();

/** Browser, OS and device type from a User-Agent header (parsed once per distinct header). */
export function describeClient(userAgent: string | undefined): Client {
  if (!userAgent) return { userAgent: null, browser: null, os: null, deviceType: null };
  let client = cache.get(userAgent);
  if (!client) {
    if (cache.size >= 1000) cache.clear();
    client = parse(userAgent);
    cache.set(userAgent, client);
  }
  return client;
}

function parse(userAgent: string): Client {
  const result = new UAParser(userAgent).getResult();
  return {
    userAgent,
    browser: result.browser.name ?? null,
    os: result.os.name ?? null,
    // ua-parser leaves the device type out for desktops.
    deviceType: result.device.type ?? 'desktop',
  };
}
