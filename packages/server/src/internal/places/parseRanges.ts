/**
 * IP ranges as sorted arrays to binary-search: each entry's start address and the country
 * (two letters packed in 16 bits; 0 for none) of the addresses from it to the next start.
 * IPv4 starts are one 32-bit word, IPv6 starts four (big-endian, most significant first).
 */
export interface Ranges {
  /** 1 for IPv4, 4 for IPv6. */
  words: 1 | 4;
  starts: Uint32Array<ArrayBuffer>;
  codes: Uint16Array<ArrayBuffer>;
}

/** Two ASCII letters as 16 bits; 0 for anything else (and DB-IP's `ZZ`, "unknown"). */
export function packCode(code: string): number {
  if (!/^[A-Z]{2}$/.test(code) || code === 'ZZ') return 0;
  return (code.charCodeAt(0) << 8) | code.charCodeAt(1);
}

export const unpackCode = (packed: number): string | null =>
  packed === 0 ? null : String.fromCharCode(packed >> 8, packed & 0xff);

/** An IPv4 address as an unsigned 32-bit number; null when it is not one. */
export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

/** An IPv6 address as four 32-bit words written into `out` at `at`; false when it is not one. */
export function parseIPv6(text: string, out: Uint32Array, at = 0): boolean {
  let address = text;
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  const groups: number[] = [];
  // A trailing dotted quad (::ffff:1.2.3.4) is the last two groups.
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIPv4(tail);
    if (v4 === null) return false;
    address = `${address.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const read = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    for (const group of half.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
      out.push(Number.parseInt(group, 16));
    }
    return out;
  };
  const head = read(halves[0]!);
  const rest = halves.length === 2 ? read(halves[1]!) : [];
  if (!head || !rest) return false;
  if (halves.length === 2) {
    if (head.length + rest.length > 7) return false;
    groups.push(...head, ...Array(8 - head.length - rest.length).fill(0), ...rest);
  } else {
    if (head.length !== 8) return false;
    groups.push(...head);
  }
  for (let i = 0; i < 4; i++) out[at + i] = ((groups[2 * i]! << 16) | groups[2 * i + 1]!) >>> 0;
  return true;
}

/**
 * Reads `start,end,CC` lines (inclusive ranges, sorted, not overlapping), IPv4 as numbers
 * or IPv6 as text, into {@link Ranges}; a gap between two ranges becomes an entry of its own
 * with no country, and so does the rest past the last one.
 */
export function parseRanges(csv: string, words: 1 | 4): Ranges {
  const lines = csv.split('\n');
  const starts = new Uint32Array((lines.length * 2 + 1) * words);
  const codes = new Uint16Array(lines.length * 2 + 1);
  const start = new Uint32Array(words);
  const end = new Uint32Array(words);
  const next = new Uint32Array(words).fill(0);
  let n = 0;
  const push = (from: Uint32Array, code: number) => {
    starts.set(from, n * words);
    codes[n++] = code;
  };
  const read = (text: string, into: Uint32Array): boolean => {
    if (words === 4) return parseIPv6(text, into);
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) return false;
    into[0] = value;
    return true;
  };
  for (const line of lines) {
    const [from, to, code] = line.trim().split(',');
    if (!from || !to || !code || !read(from, start) || !read(to, end)) continue;
    // Addresses between the previous range's end and this start belong to no country.
    if (compare(start, 0, next) > 0) push(next, 0);
    push(start, packCode(code));
    increment(end, next);
  }
  // And those past the last range (unless it ends at the last address, and `next` wrapped).
  if (n > 0 && next.some((word) => word !== 0)) push(next, 0);
  return { words, starts: starts.slice(0, n * words), codes: codes.slice(0, n) };
}

/** `a` (at `at`) against `b`, word by word: negative, 0 or positive. */
export function compare(a: Uint32Array, at: number, b: Uint32Array): number {
  for (let i = 0; i < b.length; i++) {
    const d = a[at + i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** `value + 1` into `out` (wrapping to 0 past the last address). */
function increment(value: Uint32Array, out: Uint32Array): void {
  out.set(value);
  for (let i = out.length - 1; i >= 0; i--) {
    out[i] = (out[i]! + 1) >>> 0;
    if (out[i] !== 0) return;
  }
}
