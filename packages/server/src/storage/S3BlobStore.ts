import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { BlobStore } from './BlobStore.js';

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

  async put(key: string, data: Uint8Array): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#prefix + key,
        Body: data,
        ContentType: 'application/gzip',
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
    try {
      await this.#client.send(
        new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }),
      );
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
        return false;
      throw error;
    }
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
