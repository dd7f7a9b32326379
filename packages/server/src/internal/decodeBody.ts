import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { limits } from '@tapedeck/protocol';
import { HttpError } from './HttpError.js';

const gunzipAsync = promisify(gunzip);
const isGzip = (body: Buffer) => body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;

export interface DecodedBody {
  /** The chunk's JSON text, as sent. */
  text: string;
  value: unknown;
  /** The body gzipped: as received when it came gzipped. */
  gzipped: Buffer | null;
}

/**
 * Turns a `POST /s/` body into JSON: gunzips it when it is gzip (by its magic bytes, or
 * because `compression=gzip` said so), stopping as soon as the output passes the limit.
 */
export async function decodeBody(body: Buffer, declaredGzip: boolean): Promise<DecodedBody> {
  if (body.length === 0) throw new HttpError(400, 'The body is empty: send a recording chunk.');
  let text: string;
  let gzipped: Buffer | null = null;
  if (isGzip(body)) {
    gzipped = body;
    text = await inflate(body);
  } else if (declaredGzip) {
    throw new HttpError(
      400,
      'The body is not gzip although compression=gzip was given: send gzip bytes or drop the parameter.',
    );
  } else {
    text = body.toString('utf8');
  }
  try {
    return { text, value: JSON.parse(text), gzipped };
  } catch (error) {
    throw new HttpError(400, `The body is not valid JSON: ${(error as Error).message}`);
  }
}

async function inflate(body: Buffer): Promise<string> {
  try {
    const out = await gunzipAsync(body, { maxOutputLength: limits.maxDecompressedBytes });
    return out.toString('utf8');
  } catch (error) {
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
