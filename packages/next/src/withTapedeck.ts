/** The part of a Next config that `withTapedeck` touches. */
interface Rewrite {
  source: string;
  destination: string;
  missing?: { type: 'header'; key: string }[];
}
type Rewrites =
  | Rewrite[]
  | { beforeFiles?: Rewrite[]; afterFiles?: Rewrite[]; fallback?: Rewrite[] };
interface NextConfigLike {
  rewrites?: () => Promise<Rewrites> | Rewrites;
  [key: string]: unknown;
}

/**
 * Proxies the SDK's requests through the app's own domain (`/ingest/s/` and
 * `/ingest/api/projects/:token/recording-config` → your Tapedeck server), so ad blockers and
 * CSP `connect-src` rules don't drop them. Then pass `host: '/ingest'` to the provider.
 *
 * Only those two routes are forwarded (not the viewer, not the rest of the API), and only
 * requests that carry no cookies: the SDK sends none (`credentials: 'omit'`), so your users'
 * session cookies never reach the Tapedeck server.
 */
export function withTapedeck<T extends NextConfigLike>(
  config: T,
  options: { host: string; path?: string },
): T & { skipTrailingSlashRedirect: true } {
  const path = (options.path ?? '/ingest').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(options.host))
    throw new TypeError(
      `withTapedeck: host must be your Tapedeck server's URL, got "${options.host}".`,
    );
  const host = options.host.replace(/\/+$/, '');
  const noCookies = [{ type: 'header' as const, key: 'cookie' }];
  const ours: Rewrite[] = [
    { source: `${path}/s`, destination: `${host}/s/`, missing: noCookies },
    { source: `${path}/s/`, destination: `${host}/s/`, missing: noCookies },
    {
      source: `${path}/api/projects/:token/recording-config`,
      destination: `${host}/api/projects/:token/recording-config`,
      missing: noCookies,
    },
  ];
  return {
    ...config,
    // The SDK posts to `/ingest/s/`: without this, Next redirects it to `/ingest/s` first.
    skipTrailingSlashRedirect: true as const,
    async rewrites() {
      const existing = (await config.rewrites?.()) ?? [];
      if (Array.isArray(existing)) return [...ours, ...existing];
      return { ...existing, beforeFiles: [...ours, ...(existing.beforeFiles ?? [])] };
    },
  };
}
