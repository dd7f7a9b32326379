import { TAIL_PREFIX } from '../internal/storedTails.js';

/**
 * Chunks that could not be confirmed sent when the page went away, kept in localStorage (one
 * key each, so the site's tabs never overwrite each other) until a later page load of the
 * same site sends them. The server stores a chunk sent twice once, by its
 * (sessionId, windowId, seq), so a kept chunk that did arrive after all costs only bytes.
 */
const PREFIX = TAIL_PREFIX;
/** Characters of localStorage the kept chunks may use, all together. */
const MAX_CHARS = 1_500_000;
/** Older than this, the server would refuse the chunk's timestamps (a day before `sentAt`). */
const MAX_AGE_MS = 20 * 3_600_000;

export interface KeptChunk {
  key: string;
  url: string;
  gzip: Uint8Array;
}

/** Runs `use` on localStorage with our keys, unless it throws (private mode, full, sandboxed). */
function withStorage(use: (storage: Storage, keys: string[]) => void): void {
  try {
    const s = localStorage;
    const keys: string[] = [];
    for (let i = 0; i < s.length; i++) if (s.key(i)?.startsWith(PREFIX)) keys.push(s.key(i)!);
    use(s, keys);
  } catch {
    // Nothing is kept where storage is unavailable or full.
  }
}

/** Keeps `chunk` unless the space is used up. */
export function keep({ key, url, gzip }: KeptChunk): void {
  withStorage((s, keys) => {
    let used = 0;
    for (const k of keys) used += s.getItem(k)!.length;
    const body = btoa(Array.from(gzip, (b) => String.fromCharCode(b)).join(''));
    const value = JSON.stringify([url, Date.now(), body]);
    if (used + value.length <= MAX_CHARS) s.setItem(PREFIX + key, value);
  });
}

/**
 * The chunk arrived (or can never be accepted): forget it. Called for every chunk, kept or
 * not, so it goes straight to the key: listing the site's keys each time cost more.
 */
export function forget(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing was kept where storage is unavailable.
  }
}

/** Every kept chunk still young enough to be accepted; the others are forgotten. */
export function kept(now = Date.now()): KeptChunk[] {
  const found: KeptChunk[] = [];
  withStorage((s, keys) => {
    for (const k of keys) {
      const raw = s.getItem(k)!;
      s.removeItem(k); // until it is kept again, should it not arrive this time either
      const [url, at, body] = JSON.parse(raw) as [string, number, string];
      if (now - at < MAX_AGE_MS)
        found.push({
          key: k.slice(PREFIX.length),
          url,
          gzip: Uint8Array.from(atob(body), (c) => c.charCodeAt(0)),
        });
    }
  });
  return found;
}
