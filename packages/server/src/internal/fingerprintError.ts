import { createHash } from 'node:crypto';
import { parseStack, type RawFrame } from './parseStack.js';

/** In-app frames the fingerprint takes, from the top. */
const TOP_FRAMES = 3;

/**
 * The message with what differs between occurrences of one error replaced: URLs, quoted
 * strings, UUIDs and long hex ids, e-mail addresses, then numbers.
 */
export function normaliseMessage(message: string): string {
  return message
    .slice(0, 1000)
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>()]+/gi, '<url>')
    .replace(/"[^"\n]*"|'[^'\n]*'|`[^`\n]*`/g, '<str>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b[^\s@]+@[^\s@]+\.[a-z]{2,}\b/gi, '<email>')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<id>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<n>')
    .replace(/\d+(?:\.\d+)?/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A file as the fingerprint sees it: the path without origin, query or fragment, and with
 * content hashes in file names (`index-B3xk9a1f.js`, `main.3f2a1b9c.js`) replaced, so one
 * error keeps its group across deploys and hosts.
 */
function stablePath(file: string): string {
  const path = file.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  return path.replace(/([.-])[A-Za-z0-9_]{8,}(?=\.m?js$)/, '$1<hash>');
}

const describeFrame = (f: RawFrame) => `${f.function ?? '?'} (${stablePath(f.file ?? '?')})`;

export interface Fingerprint {
  /** 32 hex digits: the group's id. */
  id: string;
  title: string;
  /** The top in-app frame. */
  culprit: string | null;
}

/** The group of an error: its type, normalised message and top in-app frames. */
export function fingerprintError(type: string, message: string, stack: string | null): Fingerprint {
  const title = normaliseMessage(message);
  const frames = parseStack(stack).filter((f) => f.inApp);
  const top = frames.slice(0, TOP_FRAMES).map(describeFrame);
  const id = createHash('sha256')
    .update([type, title, ...top].join('\n'))
    .digest('hex')
    .slice(0, 32);
  return { id, title, culprit: top[0] ?? null };
}
