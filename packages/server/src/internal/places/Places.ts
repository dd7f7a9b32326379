import { isIP } from 'node:net';
import { isPrivateAddress, unmapAddress } from '../privateAddress.js';
import { loadPlaceTables, type PlaceTables } from './loadPlaceTables.js';
import { compare, parseIPv4, parseIPv6, type Ranges, unpackCode } from './parseRanges.js';

/** The entry whose range holds `address` (the last start at or before it), or -1. */
function find(ranges: Ranges, address: Uint32Array): number {
  const { starts, words } = ranges;
  let low = 0;
  let high = ranges.codes.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (compare(starts, mid * words, address) <= 0) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/**
 * A client address's country (ISO 3166-1 alpha-2), by binary search over the IP
 * database's sorted ranges. The database is read once, on first need: private and loopback
 * addresses never need it. The address is only looked up, never kept.
 */
export class Places {
  readonly #load: () => Promise<PlaceTables>;
  #tables: Promise<PlaceTables | null> | null = null;
  readonly #onError: (error: unknown) => void;

  constructor(
    load: () => Promise<PlaceTables> = () => loadPlaceTables(),
    onError: (error: unknown) => void = () => {},
  ) {
    this.#load = load;
    this.#onError = onError;
  }

  /** The country of `address`, or null: unknown, private, or the database failed to load. */
  async country(address: string): Promise<string | null> {
    if (isPrivateAddress(address)) return null;
    // A database that cannot be read leaves sessions without a country, never ingestion down.
    this.#tables ??= this.#load().catch((error: unknown) => {
      this.#onError(error);
      return null;
    });
    const tables = await this.#tables;
    return tables ? Places.lookup(tables, address) : null;
  }

  /** The lookup alone, over tables already loaded. */
  static lookup(tables: PlaceTables, address: string): string | null {
    const plain = unmapAddress(address.split('%')[0]!);
    if (isIP(plain) === 4) {
      const value = parseIPv4(plain);
      if (value === null) return null;
      const at = find(tables.v4, Uint32Array.of(value));
      return at < 0 ? null : unpackCode(tables.v4.codes[at]!);
    }
    const words = new Uint32Array(4);
    if (!parseIPv6(plain, words)) return null;
    const at = find(tables.v6, words);
    return at < 0 ? null : unpackCode(tables.v6.codes[at]!);
  }
}

/** One database per process, shared by every app in it. */
let shared: Places | null = null;
export const sharedPlaces = (onError?: (error: unknown) => void): Places =>
  (shared ??= new Places(undefined, onError));
