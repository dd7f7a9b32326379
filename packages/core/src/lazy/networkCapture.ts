import type { RecordedEvent } from '@tapedeck/protocol';
import type { NetworkOptions, NetworkRequest } from '../types.js';

export const NETWORK_PLUGIN = 'tapedeck/network@1';

const SECRET_HEADER = /auth|cookie|token|secret|key|session|password|csrf|xsrf/i;
const MAX_BODY = 10_000;

interface RecordedRequest extends NetworkRequest {
  initiatorType: string;
  startTime: number;
  duration: number;
  transferSize?: number;
}

function headersOf(headers: Headers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  headers?.forEach((value, name) => {
    out[name] = SECRET_HEADER.test(name) ? '[redacted]' : value;
  });
  return out;
}

function bodyOf(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body.slice(0, MAX_BODY);
  if (body instanceof URLSearchParams) return body.toString().slice(0, MAX_BODY);
  return '[binary or stream body]';
}

/**
 * Records network requests: fetch and XMLHttpRequest with method, status and timing (headers
 * and bodies only when asked, secret headers redacted), other resources from the
 * PerformanceObserver. `isOwn` skips Tapedeck's own requests. Returns the undo function.
 */
export function captureNetwork(
  options: NetworkOptions,
  isOwn: (url: string) => boolean,
  push: (event: RecordedEvent) => void,
): () => void {
  const record = (request: RecordedRequest) => {
    if (isOwn(request.url)) return;
    const masked = options.maskNetworkRequest ? options.maskNetworkRequest(request) : request;
    if (!masked) return;
    push({
      type: 6,
      timestamp: Math.round(request.startTime),
      data: { plugin: NETWORK_PLUGIN, payload: { requests: [masked] } },
    });
  };

  const originalFetch = window.fetch;
  const patchedFetch = async function tapedeckFetch(input: RequestInfo | URL, init?: RequestInit) {
    const started = Date.now();
    const request = new Request(input, init);
    const base: RecordedRequest = {
      url: request.url,
      method: request.method,
      initiatorType: 'fetch',
      startTime: started,
      duration: 0,
      ...(options.recordHeaders ? { requestHeaders: headersOf(request.headers) } : {}),
      ...(options.recordBody && init?.body !== undefined ? { requestBody: bodyOf(init.body) } : {}),
    };
    try {
      const response = await originalFetch.call(window, input, init);
      const done = { ...base, status: response.status, duration: Date.now() - started };
      if (options.recordHeaders) done.responseHeaders = headersOf(response.headers);
      if (
        options.recordBody &&
        /json|text|xml|form/.test(response.headers.get('content-type') ?? '')
      )
        done.responseBody = (await response.clone().text()).slice(0, MAX_BODY);
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
        const response = this.responseType === '' || this.responseType === 'text';
        record({
          ...info,
          initiatorType: 'xmlhttprequest',
          status: this.status,
          startTime: started,
          duration: Date.now() - started,
          ...(options.recordBody ? { requestBody: bodyOf(body) } : {}),
          ...(options.recordBody && response
            ? { responseBody: this.responseText.slice(0, MAX_BODY) }
            : {}),
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
