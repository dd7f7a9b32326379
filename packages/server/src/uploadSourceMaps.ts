import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface UploadOptions {
  /** The folder of built files and their `.map`s. */
  dir: string;
  /** The release the recorder names (its `release` option); none: any release. */
  release?: string | undefined;
  /** Where the folder is served: `https://shop.example/assets/` (or `/assets/`). */
  urlPrefix: string;
  /** The Tapedeck server, e.g. `https://replay.example`. */
  host: string;
  /** An editor's API key. */
  key: string;
  log?: (line: string) => void;
}

async function* mapsIn(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') yield* mapsIn(path);
    else if (entry.isFile() && entry.name.endsWith('.map')) yield path;
  }
}

/**
 * Uploads every `*.map` under `dir` to `POST /api/sourcemaps`, each for the file it maps:
 * `dir/js/app.js.map` is the map of `<urlPrefix>js/app.js`. Returns how many were uploaded;
 * throws on the first the server refuses, with its answer.
 */
export async function uploadSourceMaps(options: UploadOptions): Promise<number> {
  const log = options.log ?? (() => {});
  const prefix = options.urlPrefix.endsWith('/') ? options.urlPrefix : `${options.urlPrefix}/`;
  const endpoint = `${options.host.replace(/\/+$/, '')}/api/sourcemaps`;
  let uploaded = 0;
  for await (const path of mapsIn(options.dir)) {
    const file = relative(options.dir, path)
      .split(sep)
      .join('/')
      .replace(/\.map$/, '');
    const url = `${prefix}${file}`;
    const map = await readFile(path, 'utf8');
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.key}` },
      body: JSON.stringify({ ...(options.release ? { release: options.release } : {}), url, map }),
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      throw new Error(`${path}: the server answered ${response.status}: ${body.error ?? ''}`);
    }
    log(`uploaded ${relative(options.dir, path)} for ${url}`);
    uploaded++;
  }
  return uploaded;
}
