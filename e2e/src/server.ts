import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { segmentRecords } from '@tapedeck/server';

export { type CliServer, startCliServer } from '../../scripts/cliServer.mjs';

/**
 * The text of every chunk stored on disk, gunzipped: chunk files of older versions, and
 * each chunk in a segment file that has not been erased.
 */
export function storedChunkTexts(dataDir: string): string[] {
  const root = join(dataDir, 'chunks');
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).flatMap((file) => {
    if (file.endsWith('.json.gz'))
      return [gunzipSync(readFileSync(join(root, file))).toString('utf8')];
    if (!file.endsWith('.seg')) return [];
    const data = readFileSync(join(root, file));
    return segmentRecords(data)
      .records.map(({ offset, length }) => data.subarray(offset, offset + length))
      .filter((bytes) => bytes.some((b) => b !== 0))
      .map((bytes) => gunzipSync(bytes).toString('utf8'));
  });
}
