import { describe, expect, it } from 'vitest';
import { stringifyDeep } from '../internal/stringifyDeep.js';

describe('stringifyDeep', () => {
  it('writes what JSON.stringify writes', () => {
    const value = JSON.parse(
      '{"a":[1,-2.5,1e21,"x\\"y\\u2028",true,null,{}],"b":{"":[[]],"__proto__":{"c":"é😀"}},"n":0}',
    );
    expect(stringifyDeep(value)).toBe(JSON.stringify(value));
  });

  it('writes a tree nested past the stack, the same text that was parsed', () => {
    let text = '"leaf"';
    for (let d = 0; d < 30_000; d++) text = d % 2 ? `{"k${d}":${text},"n":${d}}` : `[${text},${d}]`;
    const value = JSON.parse(text);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(stringifyDeep(value)).toBe(text);
  });
});
