import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { BlobStore } from '../storage/BlobStore.js';

const gunzipAsync = promisify(gunzip);

/** A stored chunk's JSON text, as the client sent it. */
export async function readChunkText(blobs: BlobStore, key: string): Promise<string> {
  return (await gunzipAsync(await blobs.get(key))).toString('utf8');
}
