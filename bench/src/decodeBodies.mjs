// What an SDK sent, as text we can search: request bodies as they are, and every gzip or zlib
// stream found in them (Sentry's deflated replay segments, posthog's gzipped batches), and the
// gzipped strings inside their JSON (posthog compresses large rrweb events one by one).
import { gunzipSync, inflateSync } from 'node:zlib';

const ZLIB_SECOND = new Set([0x01, 0x5e, 0x9c, 0xda]);

function strings(value, out) {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) strings(v, out);
  return out;
}

function decode(buffer, out, depth) {
  const text = buffer.toString('utf8');
  out.push(text);
  if (depth > 4) return;
  if (text.startsWith('data=')) {
    const base64 = decodeURIComponent(text.slice(5).split('&')[0]);
    decode(Buffer.from(base64, 'base64'), out, depth + 1);
  }
  for (const line of text.split('\n')) {
    if (!/^\s*[[{]/.test(line)) continue;
    try {
      for (const s of strings(JSON.parse(line), []))
        if (s.charCodeAt(0) === 0x1f && s.charCodeAt(1) === 0x8b)
          decode(Buffer.from(s, 'latin1'), out, depth + 1);
    } catch {
      // not JSON after all
    }
  }
  for (let i = 0; i + 1 < buffer.length; i++) {
    const gzip = buffer[i] === 0x1f && buffer[i + 1] === 0x8b;
    const zlib = buffer[i] === 0x78 && ZLIB_SECOND.has(buffer[i + 1]);
    if (!gzip && !zlib) continue;
    try {
      const inner = gzip ? gunzipSync(buffer.subarray(i)) : inflateSync(buffer.subarray(i));
      decode(inner, out, depth + 1);
    } catch {
      // a look-alike byte pair, not a stream
    }
  }
}

/** Every text in `bodies` (Buffers), decoded as far as it goes, joined. */
export function decodedText(bodies) {
  const out = [];
  for (const body of bodies) decode(body, out, 0);
  return out.join('\n');
}
