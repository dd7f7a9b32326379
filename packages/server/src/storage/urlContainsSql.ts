import type { SqlDialect } from './sqlFilter.js';

/** Only these turn into ASCII under `toLowerCase()`: İ (to `i` and a combining dot), K. */
const FOLD_TO_ASCII = `replace(replace(%s, '\u212A', 'k'), '\u0130', 'i\u0307')`;

/**
 * `column` contains the needle as `urlTest` means it, in SQL, when SQL can say so exactly:
 * a needle that is ASCII once lowercased. Both databases' `lower()` fold ASCII letters in
 * any locale, and after the two characters that JavaScript alone lowercases into ASCII are
 * written as it does, an ASCII needle is found where, and only where, JavaScript finds it.
 * Pushes the needle's parameter; null (nothing pushed) for other needles, which only a
 * list of the matching URLs can answer.
 */
export function urlContainsSql(
  dialect: SqlDialect,
  column: string,
  needle: string,
  params: (string | number)[],
): string | null {
  const lowered = needle.toLowerCase();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is not text in PostgreSQL.
  if (!/^[\x01-\x7f]*$/.test(lowered)) return null;
  params.push(lowered);
  return dialect.contains(FOLD_TO_ASCII.replace('%s', column));
}
