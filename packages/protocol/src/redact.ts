/**
 * Words that make a query, fragment or body key secret. A key matches when one of its parts
 * (split at `_`, `-`, `.`, spaces and camelCase) is, or ends with, one of these words:
 * `reset_token`, `accessToken`, `X-Amz-Signature`, `apikey`, `user_email`, `zipcode`.
 */
export const SENSITIVE_KEYS: readonly string[] = [
  'token',
  'code',
  'password',
  'passwd',
  'pwd',
  'secret',
  'key',
  'signature',
  'sig',
  'session',
  'sessionid',
  'sid',
  'email',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'otp',
  'jwt',
  'ssn',
  'cvv',
  'cvc',
  'cardnumber',
];

/** The value that replaces a secret. */
export const REDACTED = '[redacted]';

/** A test of key names against `words` (default: `SENSITIVE_KEYS`). */
export function sensitiveKeyMatcher(words: readonly string[] = SENSITIVE_KEYS) {
  const list = words.map((w) => w.toLowerCase());
  return (name: string): boolean =>
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .some((part) => part !== '' && list.some((word) => part.endsWith(word)));
}

const defaultMatcher = /* @__PURE__ */ sensitiveKeyMatcher();
const PARAM = /([?&#;])([^=&#;?/]+)=([^&#;]*)/g;

function decoded(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/**
 * `url` with the values of secret query and fragment parameters replaced by `[redacted]`
 * (`?reset_token=…`, `#access_token=…`, `#/route?code=…`). The rest of the URL is unchanged.
 */
export function redactUrl(url: string, isSensitive = defaultMatcher): string {
  const start = url.search(/[?#]/);
  if (start < 0) return url;
  const tail = url
    .slice(start)
    .replace(PARAM, (all, sep: string, name: string) =>
      isSensitive(decoded(name)) ? `${sep}${name}=${REDACTED}` : all,
    );
  return url.slice(0, start) + tail;
}
