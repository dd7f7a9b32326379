/**
 * What every match of a regex must contain: literal runs (AND), alternatives (OR). A text
 * that has none of what this asks for cannot match, so a trigram index may rule it out.
 */
export type Required = { literal: string } | { and: Required[] } | { or: Required[] };

/** Shorter runs give no trigram: they ask for nothing. */
const MIN_LITERAL = 3;
const SPECIAL = new Set('\\.+*?()|[]{}^$');
const REPEAT = /^\{(\d+)(?:,\d*)?\}/;

class Unsure extends Error {}

/**
 * The literals an RE2 regex (as `RE2JS.compile` reads it, with no flags) requires, or null
 * when nothing can be proven. Conservative by construction: whatever it does not fully
 * understand (`\Q…\E`, look-arounds, unknown flags) proves nothing, a class, an escape by
 * letter or digit, `.` and anchors end a run, and a run is only what is sure to be there.
 * Under `(?i)` only ASCII characters whose other case is ASCII alone stay in runs (`k` and
 * `s` have non-ASCII other cases: the Kelvin sign, the long s).
 */
export function requiredLiterals(pattern: string): Required | null {
  if (pattern.includes('\\Q')) return null;
  let at = 0;
  /** The requirement of a group's body, up to its `)` or the end; `fold` is `(?i)`. */
  const group = (outerFold: boolean): Required | null => {
    let fold = outerFold;
    const alternatives: (Required | null)[] = [];
    let parts: Required[] = [];
    let run = '';
    /** Whether the last atom read is the run's last character. */
    let lastInRun = false;
    const flush = () => {
      if ([...run].length >= MIN_LITERAL) parts.push({ literal: run });
      run = '';
      lastInRun = false;
    };
    const endAlternative = () => {
      flush();
      alternatives.push(all(parts));
      parts = [];
    };
    /** A repeat of the last atom: min 0 takes it out; min ≥ 1 keeps it, ends the run. */
    const repeat = (min: number, last: Required | null) => {
      if (min === 0) {
        if (lastInRun) run = run.slice(0, -1);
        else if (last && parts.at(-1) === last) parts.pop();
      }
      flush();
      if (pattern[at] === '?') at++; // non-greedy: the same texts match
    };
    let last: Required | null = null;
    while (at < pattern.length) {
      const c = pattern[at]!;
      if (c === ')') break;
      if (c === '|') {
        at++;
        endAlternative();
        last = null;
        continue;
      }
      if (c === '*' || c === '?' || c === '+') {
        at++;
        repeat(c === '+' ? 1 : 0, last);
        last = null;
        continue;
      }
      if (c === '{') {
        const m = REPEAT.exec(pattern.slice(at));
        if (m) {
          at += m[0].length;
          repeat(Number(m[1]), last);
          last = null;
          continue;
        }
      }
      last = null;
      if (c === '(') {
        flush();
        at++;
        const flags = /^\?([imsU-]*)(:|\))/.exec(pattern.slice(at));
        let inner = fold;
        if (pattern[at] === '?') {
          if (flags) {
            at += flags[0].length;
            const on = flags[1]!.split('-')[0]!;
            const off = flags[1]!.split('-')[1] ?? '';
            const nextFold = off.includes('i') ? false : on.includes('i') ? true : fold;
            if (flags[2] === ')') {
              fold = nextFold; // to the end of this group
              continue;
            }
            inner = nextFold;
          } else if (/^\?P?<[A-Za-z0-9_]+>/.test(pattern.slice(at))) {
            at = pattern.indexOf('>', at) + 1;
          } else throw new Unsure();
        }
        const body = group(inner);
        if (pattern[at] !== ')') throw new Unsure();
        at++;
        if (body) parts.push(body);
        last = body;
        continue;
      }
      if (c === '[') {
        flush();
        skipClass();
        continue;
      }
      if (c === '\\') {
        const next = pattern[at + 1];
        if (next === undefined) throw new Unsure();
        if (/[A-Za-z0-9]/.test(next)) {
          flush();
          skipEscape();
          continue;
        }
        at += 2;
        literal(next);
        continue;
      }
      at++;
      if (SPECIAL.has(c)) flush();
      else literal(c);
    }
    endAlternative();
    if (alternatives.some((a) => a === null)) return null;
    return alternatives.length === 1 ? alternatives[0]! : { or: alternatives as Required[] };

    function literal(ch: string) {
      const code = ch.charCodeAt(0);
      const usable =
        code !== 0 &&
        (code < 0xd800 || code > 0xdfff) &&
        (!fold || (code < 0x80 && !/[ksKS]/.test(ch)));
      if (usable) {
        run += ch;
        lastInRun = true;
      } else flush();
    }
  };
  /** Past a `[…]` class, `]` first and `[:name:]` inside included. */
  const skipClass = () => {
    at++;
    if (pattern[at] === '^') at++;
    if (pattern[at] === ']') at++;
    while (at < pattern.length && pattern[at] !== ']') {
      if (pattern[at] === '\\') at += 2;
      else if (pattern.startsWith('[:', at)) {
        const end = pattern.indexOf(':]', at + 2);
        if (end < 0) throw new Unsure();
        at = end + 2;
      } else at++;
    }
    if (pattern[at] !== ']') throw new Unsure();
    at++;
  };
  /** Past an escape by letter or digit: `\pL`, `\p{Greek}`, `\x41`, `\x{263a}`, `\012`, `\d`. */
  const skipEscape = () => {
    const kind = pattern[at + 1]!;
    at += 2;
    if ((kind === 'p' || kind === 'P' || kind === 'x') && pattern[at] === '{') {
      const end = pattern.indexOf('}', at);
      if (end < 0) throw new Unsure();
      at = end + 1;
    } else if (kind === 'p' || kind === 'P') at++;
    else if (kind === 'x') at += 2;
    else if (/[0-7]/.test(kind)) while (at < pattern.length && /[0-7]/.test(pattern[at]!)) at++;
  };
  try {
    const required = group(false);
    return at === pattern.length ? required : null;
  } catch (error) {
    if (error instanceof Unsure) return null;
    throw error;
  }
}

/** AND of the parts: nothing required when there are none. */
function all(parts: Required[]): Required | null {
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : { and: parts };
}
