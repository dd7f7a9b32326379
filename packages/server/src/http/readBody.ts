import type { IncomingMessage } from 'node:http';
import { HttpError } from '../internal/HttpError.js';

/**
 * What is read and thrown away of a body past the limit, so that its client, still
 * sending, gets the 413 rather than a broken pipe. Past this the connection is cut.
 */
export const DRAIN_BYTES = 64 * 2 ** 20;

const tooLarge = (limit: number, headers: Record<string, string> = {}) =>
  new HttpError(
    413,
    `The body is larger than the limit of ${limit} bytes: send smaller chunks.`,
    headers,
  );

/**
 * Reads a request body of at most `limit` bytes. A larger one is read to its end and
 * dropped, then refused with a 413 naming the limit (a client cannot read an answer while
 * its upload is refused halfway); one declared past `DRAIN_BYTES` is refused at once and
 * its connection closed after the answer.
 */
export function readBody(stream: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(stream.headers['content-length']);
  if (declared > DRAIN_BYTES) return Promise.reject(tooLarge(limit, { Connection: 'close' }));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    stream.on('data', (part: Buffer) => {
      size += part.length;
      if (size > DRAIN_BYTES) {
        stream.destroy();
        reject(tooLarge(limit));
      } else if (size <= limit) parts.push(part);
      else parts.length = 0;
    });
    stream.once('end', () =>
      size > limit ? reject(tooLarge(limit)) : resolve(Buffer.concat(parts, size)),
    );
    stream.once('error', reject);
  });
}
