import { gunzip, gunzipSync, gzip, gzipSync } from 'node:zlib';
import { limits, validateChunk } from '@tapedeck/protocol';
import type { ChunkKey, ChunkSummary } from '../storage/MetadataStore.js';
import { describeClient } from './describeClient.js';
import { HttpError } from './HttpError.js';
import { onServerClock } from './serverTime.js';
import { stringifyDeep } from './stringifyDeep.js';
import { summarizeChunk } from './summarizeChunk.js';

/** One `POST /s/` body to decode, with what the summary needs from its request. */
export interface DecodeTask {
  body: Uint8Array;
  /** `compression=gzip` was given. */
  declaredGzip: boolean;
  projectId: number;
  /** When the request arrived, ms since the epoch: the server's clock for this chunk. */
  receivedAt: number;
  userAgent: string | undefined;
}

/** A chunk ready to store: its key, its bytes as stored (gzip) and its index row. */
export interface DecodedChunk {
  key: ChunkKey;
  stored: Uint8Array;
  summary: ChunkSummary;
  /** Characters of JSON it was sent as: what its client address is charged for. */
  jsonChars: number;
}

/** What a decode answers: the chunk, or the 4xx to send (an HttpError does not cross threads). */
export type DecodeOutcome =
  | { ok: true; chunk: DecodedChunk }
  | {
      ok: false;
      status: number;
      message: string;
      headers: Record<string, string>;
      /** Characters of JSON text, when it got that far: a refused chunk is charged too. */
      jsonChars: number;
    };

/**
 * What DecodePool posts to a decode thread (an array of them), and what it answers. A
 * `small` one is inflated only up to `INLINE_TEXT_BYTES`; past that it is answered
 * `'large'`, to wait its turn, so a body cannot jump the line by saying it is small.
 */
export type DecodeRequest = { id: number; small: boolean; task: DecodeTask };
export type DecodeAnswer = { id: number; outcome?: DecodeOutcome | 'large'; failure?: string };

export const isGzip = (body: Uint8Array) =>
  body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;

type Zip = (data: Uint8Array | string, options?: { maxOutputLength?: number }) => Promise<Buffer>;
const promised =
  (fn: typeof gzip): Zip =>
  (data, options = {}) =>
    new Promise((resolve, reject) =>
      fn(data, options, (error, out) => (error ? reject(error) : resolve(out))),
    );
/**
 * Text a chunk may inflate to and still be decoded on the event loop (a fraction of a
 * millisecond): handing it to a thread would cost more than the work. Past it, a thread.
 */
export const INLINE_TEXT_BYTES = 256 * 1024;
class TooBigToInline extends Error {}

/**
 * Blocking zlib in a worker (nothing else waits on its thread), the thread pool's on the
 * loop, and blocking but bounded inflation for small chunks on the loop.
 */
const ZLIB = {
  blocking: {
    gunzip: async (...a: Parameters<Zip>) => gunzipSync(...a),
    gzip: async (...a: Parameters<Zip>) => gzipSync(...a),
  },
  pooled: { gunzip: promised(gunzip), gzip: promised(gzip) },
  inline: {
    gunzip: async (data: Uint8Array | string) => {
      try {
        return gunzipSync(data, { maxOutputLength: INLINE_TEXT_BYTES });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
          throw new TooBigToInline();
        throw error;
      }
    },
    gzip: promised(gzip),
  },
};
type ZlibMode = keyof typeof ZLIB;

/**
 * The CPU-heavy part of ingesting a chunk, the same on a worker thread or the event loop:
 * bounded gunzip, `JSON.parse`, validation, the server's clock, gzip when it came plain or
 * was moved, and the index summary. Every refusal is a 4xx with the message to send.
 */
export async function decodeChunk(task: DecodeTask, mode: ZlibMode): Promise<DecodeOutcome> {
  const seen = { jsonChars: 0 };
  try {
    return { ok: true, chunk: await decode(task, ZLIB[mode], seen) };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const { statusCode: status, message, headers } = error;
    return { ok: false, status, message, headers, jsonChars: seen.jsonChars };
  }
}

/** The same on the event loop for a small chunk; null when it inflates past the bound. */
export async function decodeInline(task: DecodeTask): Promise<DecodeOutcome | null> {
  if (!isGzip(task.body) && task.body.length > INLINE_TEXT_BYTES) return null;
  try {
    return await decodeChunk(task, 'inline');
  } catch (error) {
    if (error instanceof TooBigToInline) return null;
    throw error;
  }
}

async function decode(
  task: DecodeTask,
  zlib: { gunzip: Zip; gzip: Zip },
  seen: { jsonChars: number },
): Promise<DecodedChunk> {
  const { body } = task;
  if (body.length === 0) throw new HttpError(400, 'The body is empty: send a recording chunk.');
  let text: string;
  let gzipped: Uint8Array | null = null;
  if (isGzip(body)) {
    gzipped = body;
    text = (await inflate(body, zlib.gunzip)).toString('utf8');
  } else if (task.declaredGzip) {
    throw new HttpError(
      400,
      'The body is not gzip although compression=gzip was given: send gzip bytes or drop the parameter.',
    );
  } else {
    text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  }
  seen.jsonChars = text.length;
  if (text.charCodeAt(0) === 0xfeff)
    throw new HttpError(
      400,
      'The body starts with a byte-order mark (U+FEFF): send UTF-8 JSON without one.',
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `The body is not valid JSON: ${(error as Error).message}`);
  }
  const result = validateChunk(value);
  if (!result.ok) throw new HttpError(400, `Invalid chunk: ${result.error}.`);
  const placed = onServerClock(result.chunk, task.receivedAt);
  // A chunk moved onto the server's clock is stored as moved, so replay and index agree.
  const stored =
    placed.moved || !gzipped
      ? await zlib.gzip(placed.moved ? stringifyDeep(placed.chunk) : text)
      : gzipped;
  const { sessionId, windowId, seq } = placed.chunk;
  const key = { projectId: task.projectId, sessionId, windowId, seq };
  const blobKey = `${task.projectId}/${sessionId}/${windowId}/${seq}.json.gz`;
  const summary = summarizeChunk(
    placed.chunk,
    { key: blobKey, size: stored.length },
    describeClient(task.userAgent),
  );
  return { key, stored, summary, jsonChars: text.length };
}

async function inflate(body: Uint8Array, gunzip: Zip): Promise<Buffer> {
  try {
    return await gunzip(body, { maxOutputLength: limits.maxDecompressedBytes });
  } catch (error) {
    if (error instanceof TooBigToInline) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE')
      throw new HttpError(
        413,
        `The body inflates past the limit of ${limits.maxDecompressedBytes} bytes: send smaller chunks.`,
      );
    throw new HttpError(
      400,
      `The body is truncated or corrupt gzip (${(error as Error).message}): resend the whole chunk.`,
    );
  }
}

/** The bytes in an ArrayBuffer of their own, which can be transferred to another thread. */
export function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength)
    return bytes as Uint8Array<ArrayBuffer>;
  return new Uint8Array(bytes);
}
