// How many bytes of a production build's browser JavaScript are Tapedeck's, read from the
// build's own source maps: every generated range is credited to the source it maps to, and
// the ranges of each group are gzipped per chunk (as size-limit measures a file).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = Object.fromEntries([...B64].map((c, i) => [c, i]));

/** Decodes one source-map `mappings` string into [line][segment] = [genCol, sourceIndex]. */
function decodeMappings(mappings) {
  const lines = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = DIGIT[char];
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      segments.push([column, values.length > 1 ? source : -1]);
    }
    lines.push(segments);
  }
  return lines;
}

/** Sections of a map (index maps have several), each with its offset in the file. */
function sections(map) {
  if (!map.sections) return [{ line: 0, column: 0, map }];
  return map.sections.flatMap((s) =>
    sections(s.map).map((inner) => ({
      line: s.offset.line + inner.line,
      column: inner.line === 0 ? s.offset.column + inner.column : inner.column,
      map: inner.map,
    })),
  );
}

/** The text of `code` credited to each group that `classify(sourcePath)` names. */
function creditChunk(code, map, classify) {
  const codeLines = code.split('\n');
  const credited = new Map();
  const add = (group, text) => credited.set(group, (credited.get(group) ?? '') + text);
  for (const section of sections(map)) {
    const groups = (section.map.sources ?? []).map((s) => classify(s ?? ''));
    decodeMappings(section.map.mappings ?? '').forEach((segments, i) => {
      const lineNo = section.line + i;
      const text = codeLines[lineNo] ?? '';
      const offset = i === 0 ? section.column : 0;
      segments.forEach(([column, source], j) => {
        const group = source >= 0 ? groups[source] : null;
        if (!group) return;
        const end = j + 1 < segments.length ? segments[j + 1][0] + offset : text.length;
        add(group, text.slice(column + offset, end));
      });
    });
  }
  return credited;
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

/** The map of a built file: `x.js.map` beside it, or the one its last line names. */
function mapOf(file, code) {
  const named = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  for (const candidate of [named && join(dirname(file), named), `${file}.map`]) {
    if (!candidate || candidate.startsWith(join(dirname(file), 'data:'))) continue;
    try {
      return JSON.parse(readFileSync(candidate, 'utf8'));
    } catch {}
  }
  return null;
}

/**
 * Gzip bytes per group over every `.js` file under `dirs` (the build's browser output):
 * `classify(source)` returns a group name or null. Files without a map are skipped and
 * counted in `unmapped`.
 */
export function bundleBytes(dirs, classify) {
  const totals = {};
  let unmapped = 0;
  for (const dir of dirs) {
    for (const file of files(dir)) {
      if (!/\.m?js$/.test(file)) continue;
      const code = readFileSync(file, 'utf8');
      const map = mapOf(file, code);
      if (!map) {
        unmapped += 1;
        continue;
      }
      for (const [group, text] of creditChunk(code, map, classify)) {
        totals[group] = (totals[group] ?? 0) + gzipSync(text, { level: 9 }).length;
      }
    }
  }
  return { totals, unmapped };
}

const VITALS = /@tapedeck\/core\/dist\/webVitals-|node_modules\/web-vitals\//;
const CAPTURES = /@tapedeck\/core\/dist\/optionalCaptures-/;
const RECORDER = /@tapedeck\/core\/dist\/(lazy|redact)[-/]|node_modules\/(@rrweb|rrweb|fflate)\//;

/**
 * Tapedeck's groups, as core's size budgets split them: the adapter's own code, core's eager
 * entry, the lazy recorder chunk, Web Vitals (loaded beside it) and the optional captures.
 */
export function tapedeckGroups(adapters) {
  return (source) => {
    const path = decodeURIComponent(source).replaceAll('\\', '/');
    if (adapters.some((a) => path.includes(`/@tapedeck/${a}/`))) return 'adapter';
    if (VITALS.test(path)) return 'vitals';
    if (CAPTURES.test(path)) return 'captures';
    if (RECORDER.test(path)) return 'recorder';
    if (/\/(@tapedeck\/(core|protocol)|@sinclair\/typebox)\//.test(path)) return 'core';
    return null;
  };
}
