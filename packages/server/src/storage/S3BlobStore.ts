import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { BlobRange, BlobStore } from './BlobStore.js';
import { ObjectSegmentWriter } from './ObjectSegmentWriter.js';
import type { SegmentWriter } from './SegmentWriter.js';

const notFound = (error: unknown) => {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 404 || (error as { name?: string }).name === 'NoSuchKey';
};

export interface S3Config {
  bucket: string;
  /** For S3-compatible stores (R2, MinIO, …); AWS S3 when absent. */
  endpoint?: string | undefined;
  region?: string | undefined;
  /** Keys go under this prefix, so one bucket can hold several installations. */
  prefix?: string | undefined;
  /** Bucket in the path rather than the host name; the default with an `endpoint`. */
  forcePathStyle?: boolean | undefined;
}

/**
 * Blobs in an S3-compatible object store. A `PutObject` that succeeds is durable, so `put`
 * resolves only then. Credentials come from the AWS SDK's usual chain
 * (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, a profile, an instance role).
 */
export class S3BlobStore implements BlobStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(config: S3Config) {
    this.#bucket = config.bucket;
    this.#prefix = config.prefix ? `${config.prefix.replace(/\/+$/, '')}/` : '';
    this.#client = new S3Client({
      region: config.region ?? 'us-east-1',
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle ?? config.endpoint !== undefined,
      // Checksums only where S3 requires them: several S3-compatible stores reject the rest.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** `HeadBucket`: the store answers, the credentials hold, the bucket is there. */
  async probe(): Promise<void> {
    await this.#client.send(new HeadBucketCommand({ Bucket: this.#bucket }));
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#prefix + key,
        Body: data,
        ContentType: key.endsWith('.seg') ? 'application/octet-stream' : 'application/gzip',
      }),
    );
  }

  async get(key: string): Promise<Uint8Array> {
    const object = await this.#client.send(
      new GetObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }),
    );
    if (!object.Body) throw new Error(`empty object for blob ${key}`);
    return object.Body.transformToByteArray();
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const object = await this.#client.send(
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: this.#prefix + key,
        Range: `bytes=${offset}-${offset + length - 1}`,
      }),
    );
    if (!object.Body) throw new Error(`empty range of blob ${key}`);
    return object.Body.transformToByteArray();
  }

  async has(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async stat(key: string): Promise<{ size: number; modifiedAt: number } | null> {
    try {
      const head = await this.#client.send(
        new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }),
      );
      return { size: head.ContentLength ?? 0, modifiedAt: head.LastModified?.getTime() ?? 0 };
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  /** Each group of new chunks is one object (one PUT); see `ObjectSegmentWriter`. */
  segmentWriter(): SegmentWriter {
    return new ObjectSegmentWriter(this);
  }

  /**
   * Objects cannot be changed in place: the object is read and written again whole, with
   * the ranges zeroed and its length kept (callers hold the `erasure` lock, so two replicas
   * never rewrite one object at once). A versioned bucket keeps the old version: expire
   * noncurrent versions with a lifecycle rule.
   */
  async erase(key: string, ranges: readonly BlobRange[]): Promise<void> {
    const data = await this.get(key).catch((error: unknown) => {
      if (notFound(error)) return null;
      throw error;
    });
    if (!data) return;
    const copy = Buffer.from(data);
    for (const { offset, length } of ranges)
      copy.fill(0, Math.min(offset, copy.length), Math.min(offset + length, copy.length));
    await this.put(key, copy);
  }

  async truncate(key: string, length: number): Promise<void> {
    const data = await this.get(key);
    if (data.length > length) await this.put(key, data.subarray(0, length));
  }

  async *list(): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: this.#prefix,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? [])
        if (object.Key) yield object.Key.slice(this.#prefix.length);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(key: string): Promise<void> {
    await this.#client.send(
      new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }),
    );
  }

  close(): void {
    this.#client.destroy();
  }
}
