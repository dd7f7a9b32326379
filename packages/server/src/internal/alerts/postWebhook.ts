import { type LookupAddress, lookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from '../privateAddress.js';

/** What a receiver answered. */
export interface WebhookAnswer {
  status: number;
}

export type SendWebhook = (
  url: string,
  body: string,
  headers: Record<string, string>,
) => Promise<WebhookAnswer>;

/** Hosts (`name` or `name:port`) alerts may reach though they are private: `TAPEDECK_ALERT_HOSTS`. */
export const alertHostsFromEnv = (value = process.env.TAPEDECK_ALERT_HOSTS ?? ''): string[] =>
  value
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);

const refused = (host: string) =>
  new Error(
    `${host} is a private or loopback address: alerts reach only public hosts (add it to TAPEDECK_ALERT_HOSTS to allow it).`,
  );

/**
 * POSTs a webhook body with `node:http(s)`, no redirects followed, bounded in time. Unless
 * the host is allowed, every address it resolves to is checked at connect time (the
 * `lookup` the socket uses, so a DNS answer that changes after a check cannot slip by): a
 * private, loopback or link-local address is refused, so an alert cannot probe the
 * server's own network (SSRF).
 */
export function webhookSender(allowHosts: readonly string[], timeoutMs = 10_000): SendWebhook {
  const allowed = new Set(allowHosts.map((h) => h.toLowerCase()));
  return (url, body, headers) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
      const open = allowed.has(host) || allowed.has(`${host}:${target.port}`);
      if (!open && isIP(host) && isPrivateAddress(host)) return reject(refused(host));
      const guarded: LookupFunction = (hostname, options, callback) =>
        lookup(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
          if (error) return callback(error, '', 0);
          const bad = open ? undefined : found.find((a) => isPrivateAddress(a.address));
          if (bad) return callback(refused(`${hostname} (${bad.address})`), '', 0);
          if (options.all)
            return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, found);
          return callback(null, found[0]!.address, found[0]!.family);
        });
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: guarded,
          timeout: timeoutMs,
        },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0 });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer in ${timeoutMs} ms`)));
      request.on('error', reject);
      request.end(body);
    });
}
