import { EventType, PluginId, type RecordedEvent } from '@tapedeck/protocol';
import type { NetworkOptions, NetworkRequest } from '../types.js';
import type { Privacy } from './privacy.js';
import { redactBody, redactForm } from './redact.js';

const SECRET_HEADER = /auth|cookie|token|secret|key|session|password|csrf|xsrf/i;
const MAX_BODY = 10_000;
/** Bodies past this are not read for secrets (nor recorded). */
const MAX_READ = 1_000_000;
const URL_HEADER = /^(referer|location|content-location)$/i;

interface RecordedRequest extends NetworkRequest {
  initiatorType: string;
  startTime: number;
  duration: number;
  transferSize?: number;
}

function headersOf(headers: Headers | undefined, privacy: Privacy): Record<string, string> {
  const out: Record<string, string> = {};
  headers?.forEach((value, name) => {
    if (SECRET_HEADER.test(name) || privacy.isSensitiveKey(name)) out[name] = '[redacted]';
    else out[name] = URL_HEADER.test(name) ? privacy.maskUrl(value) : value;
  });
  return out;
}

/** A body's text with secrets redacted, then cut to size. */
function textOf(text: string, privacy: Privacy): string {
  if (text.length > MAX_READ) return '[body not recorded: too large to read for secrets]';
  return redactBody(text, privacy).slice(0, MAX_BODY);
}

function bodyOf(body: unknown, privacy: Privacy): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return textOf(body, privacy);
  if (body instanceof URLSearchParams)
    return redactForm(body.toString(), privacy).slice(0, MAX_BODY);
  if (typeof FormData !== 'undefined' && body instanceof FormData) {
    const fields = new URLSearchParams();
    for (const [key, value] of body)
      fields.append(key, typeof value === 'string' ? value : '[file]');
    return redactForm(fields.toString(), privacy).slice(0, MAX_BODY);
  }
  return '[binary or stream body]';
}

/**
 * Records network requests: fetch and XMLHttpRequest with method, status and timing (headers
 * and bodies only when asked, secret headers redacted; bodies only for the allowed URLs, with
 * secret keys redacted), other resources from the PerformanceObserver. Every URL goes through
 * `maskUrl`. `isOwn` skips Tapedeck's own requests. Returns the undo function.
 */
export function captureNetwork(
  options: NetworkOptions,
  privacy: Privacy,
  isOwn: (url: string) => boolean,
  push: (event: RecordedEvent) => void,
): () => void {
  const allowed = options.networkBodyAllowUrls ?? [];
  const bodiesOf = (url: string) =>
    options.recordBody === true &&
    allowed.some((rule) => (typeof rule === 'string' ? url.includes(rule) : rule.test(url)));
  const record = (request: RecordedRequest) => {
    if (isOwn(request.url)) return;
    const safe = { ...request, url: privacy.maskUrl(request.url) };
    const masked = options.maskNetworkRequest ? options.maskNetworkRequest(safe) : safe;
    if (!masked) return;
    push({
      type: EventType.Plugin,
      timestamp: Math.round(request.startTime),
      data: { plugin: PluginId.network, payload: { requests: [masked] } },
    });
  };

  const originalFetch = window.fetch;
  const patchedFetch = async function tapedeckFetch(input: RequestInfo | URL, init?: RequestInit) {
    const started = Date.now();
    const request = new Request(input, init);
    const bodies = bodiesOf(request.url);
    const base: RecordedRequest = {
      url: request.url,
      method: request.method,
      initiatorType: 'fetch',
      startTime: started,
      duration: 0,
      ...(options.recordHeaders ? { requestHeaders: headersOf(request.headers, privacy) } : {}),
      ...(bodies && init?.body !== undefined ? { requestBody: bodyOf(init.body, privacy) } : {}),
    };
    try {
      const response = await originalFetch.call(window, input, init);
      const done = { ...base, status: response.status, duration: Date.now() - started };
      if (options.recordHeaders) done.responseHeaders = headersOf(response.headers, privacy);
      if (bodies && /json|text|xml|form/.test(response.headers.get('content-type') ?? ''))
        done.responseBody = textOf(await response.clone().text(), privacy);
      record(done);
      return response;
    } catch (error) {
      record({ ...base, status: 0, duration: Date.now() - started });
      throw error;
    }
  };
  window.fetch = patchedFetch;

  const XHR = XMLHttpRequest.prototype;
  const { open, send } = XHR;
  const meta = new WeakMap<XMLHttpRequest, { method: string; url: string }>();
  XHR.open = function (
    this: XMLHttpRequest,
    method: string,
    url: string | URL,
    ...rest: unknown[]
  ) {
    meta.set(this, { method: method.toUpperCase(), url: new URL(url, location.href).href });
    return (open as (...a: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof XHR.open;
  XHR.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const info = meta.get(this);
    const started = Date.now();
    if (info)
      this.addEventListener('loadend', () => {
        const bodies = bodiesOf(info.url);
        const response = this.responseType === '' || this.responseType === 'text';
        record({
          ...info,
          initiatorType: 'xmlhttprequest',
          status: this.status,
          startTime: started,
          duration: Date.now() - started,
          ...(bodies ? { requestBody: bodyOf(body, privacy) } : {}),
          ...(bodies && response ? { responseBody: textOf(this.responseText, privacy) } : {}),
        });
      });
    return send.call(this, body);
  };

  let observer: PerformanceObserver | undefined;
  if (typeof PerformanceObserver !== 'undefined') {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
        if (entry.initiatorType === 'fetch' || entry.initiatorType === 'xmlhttprequest') continue;
        record({
          url: entry.name,
          method: 'GET',
          initiatorType: entry.initiatorType,
          startTime: performance.timeOrigin + entry.startTime,
          duration: Math.round(entry.duration),
          transferSize: entry.transferSize,
          ...('responseStatus' in entry ? { status: entry.responseStatus as number } : {}),
        });
      }
    });
    try {
      observer.observe({ type: 'resource', buffered: true });
    } catch {
      observer = undefined;
    }
  }

  return () => {
    if (window.fetch === patchedFetch) window.fetch = originalFetch;
    XHR.open = open;
    XHR.send = send;
    observer?.disconnect();
  };
}
