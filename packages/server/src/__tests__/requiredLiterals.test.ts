import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { type Required, requiredLiterals } from '../storage/requiredLiterals.js';

// What a regex's every match must contain: a wrong answer would hide sessions, so each case
// is also checked against texts the regex matches (each must hold what was required).

const CASES: [string, Required | null, string[]][] = [
  ['/rare-[0-9]+$', { literal: '/rare-' }, ['/rare-1']],
  ['abc', { literal: 'abc' }, ['xabcx']],
  ['ab', null, ['ab']],
  ['abcd?', { literal: 'abc' }, ['abc', 'abcd']],
  ['abc*d', null, ['abd']],
  ['ab+cde', { literal: 'cde' }, ['abbcde']],
  ['a(bcd|efg)h', { or: [{ literal: 'bcd' }, { literal: 'efg' }] }, ['abcdh', 'aefgh']],
  ['(bcd|e)h', null, ['eh']],
  ['x(?:abc)?y', null, ['xy']],
  ['(abc){2}', { literal: 'abc' }, ['abcabc']],
  ['(abc){0,2}', null, ['']],
  ['(?i)ABC', { literal: 'ABC' }, ['abc', 'AbC']],
  ['(?i)task', null, ['ta\u017F\u212A']],
  ['(?i)ab(?-i)kelvin', { literal: 'kelvin' }, ['ABkelvin']],
  ['(?i:caf)é', { literal: 'caf' }, ['CAFé']],
  ['café', { literal: 'café' }, ['café']],
  ['a\\.b\\.c', { literal: 'a.b.c' }, ['a.b.c']],
  ['\\x41BC', null, ['ABC']],
  ['\\d{3}abc', { literal: 'abc' }, ['123abc']],
  ['[abc]def', { literal: 'def' }, ['adef']],
  ['[]a]xyz', { literal: 'xyz' }, [']xyz']],
  ['[[:alpha:]]xyz', { literal: 'xyz' }, ['qxyz']],
  ['\\Qabc\\E', null, ['abc']],
  // Look-arounds RE2 refuses (the filter check does first) prove nothing here either.
  ['(?=abc)', null, []],
  ['(?P<n>abc)d', { literal: 'abc' }, ['abcd']],
  ['abc|', null, ['']],
  ['', null, ['']],
  ['abc+?d', { literal: 'abc' }, ['abccd']],
  ['ab{2}cde', { literal: 'cde' }, ['abbcde']],
];

describe('requiredLiterals', () => {
  it.each(CASES)('%s', (pattern, expected, texts) => {
    const required = requiredLiterals(pattern);
    expect(required).toEqual(expected);
    for (const text of texts) {
      expect(RE2JS.compile(pattern).test(text)).toBe(true);
      if (required) expect(holds(required, text, pattern.includes('(?i'))).toBe(true);
    }
  });
});

function holds(r: Required, text: string, fold: boolean): boolean {
  if ('literal' in r)
    return fold ? text.toLowerCase().includes(r.literal.toLowerCase()) : text.includes(r.literal);
  return 'and' in r
    ? r.and.every((p) => holds(p, text, fold))
    : r.or.some((p) => holds(p, text, fold));
}
