/** One frame of a recorded stack, as the browser wrote it. */
export interface RawFrame {
  function: string | null;
  file: string | null;
  line: number | null;
  column: number | null;
  inApp: boolean;
}

/** Frames read from a stack, at most this many. */
const MAX_FRAMES = 50;
// Chrome / Edge / Node: `    at fn (file:1:2)`, `    at file:1:2`, `    at async fn (file:1:2)`.
const V8 = /^\s*at (?:async )?(?:(.+?) \()?(.+?):(\d+):(\d+)\)?\s*$/;
// Firefox / Safari: `fn@file:1:2`, `@file:1:2`.
const GECKO = /^\s*(.*?)@(.+?):(\d+):(\d+)\s*$/;

/**
 * Not the site's code: the browser's own (`native`, `<anonymous>`), extensions, eval'd code,
 * and dependencies bundled from `node_modules`.
 */
function isInApp(file: string | null): boolean {
  if (!file) return false;
  if (!/^(https?:|\/)/.test(file)) return false;
  return !/\/node_modules\//.test(file);
}

/** The frames of a V8 or Gecko/WebKit stack, innermost first; lines that are not frames skipped. */
export function parseStack(stack: string | null | undefined): RawFrame[] {
  if (!stack) return [];
  const frames: RawFrame[] = [];
  for (const line of stack.split('\n')) {
    if (frames.length >= MAX_FRAMES) break;
    if (line.length > 2000) continue;
    const m = V8.exec(line) ?? GECKO.exec(line);
    if (!m) continue;
    const [, fn, file, row, col] = m;
    // `at eval (eval at f (file:1:2), <anonymous>:1:1)`: not a place in a file.
    const evaluated = /^eval at |<anonymous>/.test(file ?? '');
    const name = fn?.trim() || null;
    frames.push({
      function: name === '<anonymous>' ? null : name,
      file: evaluated ? null : (file ?? null),
      line: Number(row),
      column: Number(col),
      inApp: !evaluated && isInApp(file ?? null),
    });
  }
  return frames;
}
