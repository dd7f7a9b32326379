import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { BlobStore } from '../storage/BlobStore.js';
import type { ChunkRef } from '../storage/MetadataStore.js';

const gunzipAsync = promisify(gunzip);

/** A stored chunk's JSON text, as the client sent it: a blob of its own, or part of a pack. */
export async function readChunkText(blobs: BlobStore, chunk: ChunkRef): Promise<string> {
  const { blobKey, blobOffset, blobLength } = chunk;
  const data =
    blobOffset === null || blobLength === null
      ? await blobs.get(blobKey)
      : await blobs.getRange(blobKey, blobOffset, blobLength);
  return (await gunzipAsync(data)).toString('utf8');
}
