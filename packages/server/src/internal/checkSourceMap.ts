import { SourceMapConsumer } from 'source-map-js';
import { HttpError } from './HttpError.js';

const VLQ = /^[A-Za-z0-9+/,;]*$/;
const bad = (what: string): never => {
  throw new HttpError(400, `map: ${what}.`);
};

/**
 * The map as JSON text once it is known to be a version 3 source map whose mappings parse;
 * a 400 saying what is wrong otherwise. Parsing every mapping here means a stored map never
 * fails later, when a stack is resolved with it.
 */
export function checkSourceMap(given: string | Record<string, unknown>): string {
  let map: unknown = given;
  if (typeof given === 'string') {
    if (given.trim() === '') bad('the source map is empty: send the JSON of a .map file');
    try {
      map = JSON.parse(given);
    } catch (error) {
      bad(`the source map is not JSON (${(error as Error).message})`);
    }
  }
  if (map === null || typeof map !== 'object' || Array.isArray(map))
    bad('a source map is a JSON object with version, sources and mappings');
  const m = map as Record<string, unknown>;
  if (m.version !== 3) bad(`source map version must be 3, got ${JSON.stringify(m.version)}`);
  if ('sections' in m) bad('index maps (with sections) are not taken: upload the map of each file');
  if (typeof m.mappings !== 'string') bad('a source map needs mappings (a string)');
  if (!Array.isArray(m.sources) || !m.sources.every((s) => typeof s === 'string' || s === null))
    bad('a source map needs sources (an array of file names)');
  if (!VLQ.test(m.mappings as string)) bad('the mappings are not Base64 VLQ');
  try {
    new SourceMapConsumer(m as never).eachMapping(() => {});
  } catch (error) {
    bad(`the mappings do not parse (${(error as Error).message})`);
  }
  return typeof given === 'string' ? given : JSON.stringify(given);
}
