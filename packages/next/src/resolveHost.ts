import type { RecorderConfig } from '@tapedeck/core';

/**
 * Options with a path as `host` (`/ingest`, proxied by `withTapedeck`) made absolute against
 * the page's origin. On the server, where there is no origin, a placeholder stands in: the
 * recorder never starts there.
 */
export function resolveHost(options: RecorderConfig): RecorderConfig {
  if (!options.host.startsWith('/')) return options;
  const origin = typeof window === 'undefined' ? 'http://localhost' : window.location.origin;
  return { ...options, host: `${origin}${options.host}` };
}
