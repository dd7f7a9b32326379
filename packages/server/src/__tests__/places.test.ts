import { describe, expect, it } from 'vitest';
import { type PlaceTables, readPlaceTables } from '../internal/places/loadPlaceTables.js';
import { Places } from '../internal/places/Places.js';
import { parseIPv6, parseRanges } from '../internal/places/parseRanges.js';
import { isPrivateAddress } from '../internal/privateAddress.js';

const tiny = (): PlaceTables => ({
  v4: parseRanges('16777216,16777471,AU\n16778240,16779263,DE\n16779264,16779264,ZZ\n', 1),
  v6: parseRanges('2001:200::,2001:200:ffff:ffff:ffff:ffff:ffff:ffff,JP\n2a01::,2a01::ff,FR\n', 4),
});

describe('the IP ranges', () => {
  it('finds the range holding an address, and nothing in the gaps between ranges', () => {
    const t = tiny();
    expect(Places.lookup(t, '1.0.0.0')).toBe('AU');
    expect(Places.lookup(t, '1.0.0.255')).toBe('AU');
    expect(Places.lookup(t, '1.0.1.0')).toBeNull(); // the gap before 1.0.4.0
    expect(Places.lookup(t, '1.0.4.7')).toBe('DE');
    expect(Places.lookup(t, '1.0.8.0')).toBeNull(); // ZZ: unknown
    expect(Places.lookup(t, '0.255.255.255')).toBeNull(); // before the first
    expect(Places.lookup(t, '200.1.1.1')).toBeNull(); // after the last
    expect(Places.lookup(t, '::ffff:1.0.4.1')).toBe('DE');
    expect(Places.lookup(t, '2001:200:1234::1')).toBe('JP');
    expect(Places.lookup(t, '2001:201::')).toBeNull();
    expect(Places.lookup(t, '2a01::ff')).toBe('FR');
    expect(Places.lookup(t, '2a01::100')).toBeNull();
    expect(Places.lookup(t, 'not an address')).toBeNull();
  });

  it('reads IPv6 text in every short form', () => {
    const out = new Uint32Array(4);
    expect(parseIPv6('::', out)).toBe(true);
    expect([...out]).toEqual([0, 0, 0, 0]);
    expect(parseIPv6('2001:db8::ff00:42:8329', out)).toBe(true);
    expect([...out]).toEqual([0x20010db8, 0, 0xff00, 0x00428329]);
    expect(parseIPv6('::ffff:192.0.2.1', out)).toBe(true);
    expect([...out]).toEqual([0, 0, 0xffff, 0xc0000201]);
    expect(parseIPv6('1:2:3:4:5:6:7:8:9', out)).toBe(false);
    expect(parseIPv6('1::2::3', out)).toBe(false);
  });

  it('needs no database for private and loopback clients', async () => {
    let loads = 0;
    const places = new Places(async () => {
      loads++;
      return tiny();
    });
    for (const address of ['127.0.0.1', '10.1.2.3', '192.168.0.9', '::1', 'fe80::1', 'fd00::2'])
      expect(await places.country(address)).toBeNull();
    expect(loads).toBe(0);
    expect(await places.country('1.0.0.9')).toBe('AU');
    expect(await places.country('1.0.4.9')).toBe('DE');
    expect(loads).toBe(1);
  });

  it('stores no country, and keeps ingesting, when the database cannot be read', async () => {
    const errors: unknown[] = [];
    const places = new Places(
      () => Promise.reject(new Error('gone')),
      (e) => errors.push(e),
    );
    expect(await places.country('1.1.1.1')).toBeNull();
    expect(await places.country('8.8.8.8')).toBeNull();
    expect(errors).toHaveLength(1);
  });

  it('tells private addresses from public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.31.255.255',
      '169.254.169.254',
      '::1',
      '0.0.0.0',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['::ffff:10.0.0.1', 'fc00::1', 'localhost', '100.64.0.1'])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['1.1.1.1', '172.32.0.1', '2a01:4f8::1', '::ffff:8.8.8.8'])
      expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('the shipped database (DB-IP IP to Country Lite, pinned in package.json)', () => {
  it('places well-known public resolvers, IPv4 and IPv6', async () => {
    const tables = await readPlaceTables();
    // As this release of the database has them (checked against its CSV by hand).
    expect(Places.lookup(tables, '84.200.69.80')).toBe('DE');
    expect(Places.lookup(tables, '1.1.1.1')).toBe('AU');
    expect(Places.lookup(tables, '8.8.8.8')).toBe('US');
    expect(Places.lookup(tables, '2a01:4f8::1')).toBe('DE');
    expect(tables.v4.codes.length).toBeGreaterThan(100_000);
    expect(tables.v6.codes.length).toBeGreaterThan(100_000);
  });
});
