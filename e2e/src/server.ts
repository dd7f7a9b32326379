import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export { type CliServer, startCliServer } from '../../scripts/cliServer.mjs';

/** The text of every chunk stored on disk, gunzipped. */
export function storedChunkTexts(dataDir: string): string[] {
  const root = join(dataDir, 'chunks');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json.gz'))
    .map((file) => gunzipSync(readFileSync(join(root, file))).toString('utf8'));
}
