import type { StackFrame } from '@tapedeck/protocol/api';
import { SourceMapConsumer } from 'source-map-js';
import type { RawFrame } from './parseStack.js';

/** Parsed maps kept in memory, by blob key (a key is its content's hash: never stale). */
const CACHE_SIZE = 20;
const cache = new Map<string, SourceMapConsumer>();

/** Reads a stored map (its blob key); null when it cannot be read. */
export type LoadMap = (blobKey: string) => Promise<string | null>;

async function consumer(key: string, load: LoadMap): Promise<SourceMapConsumer | null> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const text = await load(key);
  if (text === null) return null;
  const parsed = new SourceMapConsumer(text);
  cache.set(key, parsed);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return parsed;
}

/** The file a frame names, as maps are looked up: without query or fragment. */
export const mapKeyOf = (file: string) => file.replace(/[?#].*$/, '');
/** The same as a path from the site root, for maps uploaded by path. */
export const mapPathOf = (file: string) =>
  mapKeyOf(file).replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');

const DECLARATION = [
  /function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/g,
  /([A-Za-z_$][\w$]*)\s*[:=]\s*(?:async\s+)?(?:function\b|\([^()]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)/g,
  /^\s*(?:async\s+)?(?!if\b|for\b|while\b|switch\b|catch\b)([A-Za-z_$][\w$]*)\s*\([^()]*\)\s*\{/g,
];
const lastDeclared = (text: string): string | null => {
  let found: { at: number; name: string } | null = null;
  for (const pattern of DECLARATION)
    for (const m of text.matchAll(pattern))
      if (m[1] && (!found || m.index >= found.at)) found = { at: m.index, name: m[1] };
  return found?.name ?? null;
};

/**
 * The function around an original position, read from the source: the nearest declaration
 * above it whose block is still open there.
 */
function enclosingFunction(source: string, line: number, column: number): string | null {
  const lines = source.split('\n');
  const own = lastDeclared((lines[line - 1] ?? '').slice(0, column));
  if (own) return own;
  let depth = 0;
  for (let i = line - 2; i >= 0 && i >= line - 500; i--) {
    const text = lines[i] ?? '';
    for (let c = text.length - 1; c >= 0; c--)
      if (text[c] === '}') depth++;
      else if (text[c] === '{') depth--;
    if (depth < 0) {
      const name = lastDeclared(text);
      if (name) return name;
      depth = 0; // an `if` or a loop: look further out
    }
  }
  return null;
}

/**
 * Frames resolved through the maps found for their files (`maps`: file → blob key): the
 * original file, line, column and function where a map says, the recorded frame kept as
 * `generated`. Frames no map covers are as recorded.
 */
export async function resolveFrames(
  frames: RawFrame[],
  maps: Map<string, string>,
  load: LoadMap,
): Promise<StackFrame[]> {
  const out: StackFrame[] = [];
  for (const frame of frames) {
    const key = frame.file && (maps.get(mapKeyOf(frame.file)) ?? maps.get(mapPathOf(frame.file)));
    const map = key && frame.line !== null ? await consumer(key, load).catch(() => null) : null;
    const found = map?.originalPositionFor({
      line: frame.line!,
      column: Math.max(0, (frame.column ?? 1) - 1),
    });
    if (!map || !found?.source || found.line === null) {
      out.push(frame);
      continue;
    }
    const content = map.sourceContentFor(found.source, true);
    const name =
      (content && enclosingFunction(content, found.line, found.column ?? 0)) ??
      found.name ??
      frame.function;
    out.push({
      function: name,
      file: found.source,
      line: found.line,
      column: (found.column ?? 0) + 1,
      inApp: !/\/node_modules\//.test(found.source),
      generated: {
        function: frame.function,
        file: frame.file,
        line: frame.line,
        column: frame.column,
      },
    });
  }
  return out;
}
