import { gunzipSync, gzipSync as nodeGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipSync } from '../lazy/gzipSync.js';

const roundTrip = (text: string) => Buffer.from(gunzipSync(gzipSync(text))).toString('utf8');

describe('gzipSync', () => {
  it('makes gzip that gunzip reads back exactly', () => {
    const random = Array.from({ length: 20_000 }, () =>
      String.fromCharCode(32 + Math.floor(Math.random() * 95)),
    ).join('');
    for (const text of [
      '',
      'a',
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'.repeat(50),
      'é ü 漢字 🎉'.repeat(300),
      random,
      random.repeat(3), // matches at the far end of the window
      'x'.repeat(100_000), // the longest matches, 258 bytes
    ])
      expect(roundTrip(text)).toBe(text);
  });

  it('compresses recording JSON nearly as well as full gzip', () => {
    const events = Array.from({ length: 2000 }, (_, i) => ({
      type: 3,
      timestamp: 1_700_000_000_000 + i * 17,
      data: {
        source: 0,
        adds: [
          {
            parentId: i,
            nextId: null,
            node: { type: 3, textContent: `row ${i} ${(i * 7.31).toFixed(2)}`, id: 5000 + i },
          },
        ],
        removes: [],
        texts: [],
        attributes: [{ id: i, attributes: { class: i % 2 ? 'hot' : 'cold' } }],
      },
    }));
    const json = JSON.stringify(events);
    const ours = gzipSync(json).length;
    const full = nodeGzip(json).length;
    expect(ours).toBeLessThan(json.length / 5);
    expect(ours).toBeLessThan(full * 1.6);
  });
});
