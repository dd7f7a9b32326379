import { REDACTED, redactUrl } from '@tapedeck/protocol';
import type { Privacy } from './privacy.js';

const URL_IN_TEXT = /\b(?:https?|wss?):\/\/[^\s"'<>()]+/g;

/** `text` with every http(s) URL in it through `maskUrl` (stack traces, console messages). */
export const maskUrlsIn = (text: string, privacy: Privacy): string =>
  text.replace(URL_IN_TEXT, (url) => privacy.maskUrl(url));

/** An `$exception` payload with the URLs in its file name and stack masked. */
export function maskErrorUrls(payload: Record<string, unknown>, privacy: Privacy) {
  const out = { ...payload };
  for (const key of ['filename', 'stack', 'message'])
    if (typeof out[key] === 'string') out[key] = maskUrlsIn(out[key] as string, privacy);
  return out;
}

const URL_FIELDS = ['href', 'url', 'path', 'from', 'to', 'referrer'];

/**
 * A custom event's properties with URL fields (`href`, `url`, `path`, `from`, `to`,
 * `referrer`) through `maskUrl`: adapters' `$route` events and the site's own.
 */
export function maskPayloadUrls(payload: unknown, privacy: Privacy): unknown {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  const out: Record<string, unknown> = { ...payload };
  for (const key of URL_FIELDS)
    if (typeof out[key] === 'string') out[key] = privacy.maskUrl(out[key] as string);
  return out;
}

/**
 * A copy of `value` with the values of secret keys replaced by `[redacted]`, at any depth
 * (cycles and depth past 20 become `[…]`).
 */
export function redactKeys(value: unknown, privacy: Privacy, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 20) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redactKeys(item, privacy, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    out[key] = privacy.isSensitiveKey(key) ? REDACTED : redactKeys(item, privacy, depth + 1);
  return out;
}

/** A form body (`a=1&password=2`) with secret fields redacted, the rest as it was. */
export const redactForm = (text: string, privacy: Privacy): string =>
  redactUrl(`?${text}`, privacy.isSensitiveKey).slice(1);

const FORM = /^[\w.%+-]+=[^&]*(?:&[\w.%+-]+=[^&]*)*$/;

/**
 * A request or response body as it may be recorded: JSON and form bodies with secret keys
 * redacted; other text as it is (the site allowed this URL's bodies). Give it the whole body,
 * not a cut one: a cut JSON body cannot be read for secrets, so it is not recorded.
 */
export function redactBody(text: string, privacy: Privacy): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactKeys(JSON.parse(trimmed), privacy));
    } catch {
      return '[body not recorded: JSON that could not be read for secrets]';
    }
  }
  if (FORM.test(trimmed)) return redactForm(trimmed, privacy);
  return text;
}
