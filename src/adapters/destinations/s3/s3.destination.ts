import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { systemClock, type Clock } from '../../../lib/clock.js';
import { assertValidKey, assertValidPrefix } from '../keys.js';
import { cancelledOr, rangeHeader, throwIfAborted } from '../shared/streams.js';
import type { ByteRange, Destination, DestinationCapabilities, ObjectInfo } from '../types.js';
import { translateS3Error } from './s3.errors.js';
import type { S3Config } from './s3.plugin.js';

/** Parts in flight: with 16 MiB parts, ~32 MiB of buffers whatever the backup's size. */
const QUEUE_SIZE = 2;
const MiB = 1024 * 1024;

/**
 * S3 and compatible servers. Objects appear only when an upload completes (multipart is invisible until
 * CompleteMultipartUpload), so put() needs no temporary name. Each part is retried by the SDK itself.
 */
export class S3Destination implements Destination {
  readonly capabilities: DestinationCapabilities;
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(
    private readonly config: S3Config,
    private readonly clock: Clock = systemClock,
  ) {
    this.capabilities = { atomicRename: true, rangeReads: true, maxConcurrency: 4, objectLock: Boolean(config.objectLock) };
    this.prefix = normalizePrefix(config.prefix);
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
      // Checksums only where S3 requires them: MinIO, R2, B2 and others reject or mishandle the new defaults.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 4,
    });
  }

  async put(key: string, body: Readable, signal?: AbortSignal): Promise<ObjectInfo> {
    assertValidKey(key);
    throwIfAborted(signal, `Upload of ${key}`);
    const upload = new Upload({
      client: this.client,
      params: this.putParams(key, body),
      queueSize: QUEUE_SIZE,
      partSize: this.config.partSizeMiB * MiB,
      leavePartsOnError: false,
    });
    const onAbort = (): void => void upload.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await upload.done();
    } catch (error) {
      body.destroy();
      throw translateS3Error(cancelledOr(error, signal, `Upload of ${key}`), `Uploading ${key}`, this.config.bucket);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return this.stat(key);
  }

  async get(key: string, range?: ByteRange, signal?: AbortSignal): Promise<Readable> {
    assertValidKey(key);
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: this.prefix + key, Range: range ? rangeHeader(range) : undefined }),
        { abortSignal: signal },
      );
      return out.Body as Readable;
    } catch (error) {
      throw translateS3Error(cancelledOr(error, signal, `Download of ${key}`), `Reading ${key}`, this.config.bucket);
    }
  }

  async stat(key: string): Promise<ObjectInfo> {
    assertValidKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.prefix + key }));
      return { key, size: out.ContentLength ?? 0, modifiedAt: out.LastModified ?? new Date(0), etag: out.ETag };
    } catch (error) {
      throw translateS3Error(error, `Reading ${key}`, this.config.bucket);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    assertValidPrefix(prefix);
    let token: string | undefined;
    do {
      const page = await this.client
        .send(new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: this.prefix + prefix, ContinuationToken: token }))
        .catch((error: unknown) => {
          throw translateS3Error(error, `Listing ${prefix || '/'}`, this.config.bucket);
        });
      for (const item of page.Contents ?? []) {
        if (!item.Key) continue;
        const key = item.Key.slice(this.prefix.length);
        yield { key, size: item.Size ?? 0, modifiedAt: item.LastModified ?? new Date(0), etag: item.ETag };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.prefix + key })).catch((error: unknown) => {
      throw translateS3Error(error, `Deleting ${key}`, this.config.bucket);
    });
  }

  /** Listing (not writing) is the probe: a test object could not be removed from a bucket with Object Lock. */
  async test(): Promise<void> {
    await this.client
      .send(new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: this.prefix, MaxKeys: 1 }))
      .catch((error: unknown) => {
        throw translateS3Error(error, `Connecting to bucket "${this.config.bucket}"`, this.config.bucket);
      });
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private putParams(key: string, body: Readable): PutObjectCommandInput {
    const { objectLock } = this.config;
    return {
      Bucket: this.config.bucket,
      Key: this.prefix + key,
      Body: body,
      StorageClass: this.config.storageClass,
      ServerSideEncryption: this.config.serverSideEncryption,
      SSEKMSKeyId: this.config.sseKmsKeyId,
      ...(objectLock && {
        ObjectLockMode: objectLock.mode,
        ObjectLockRetainUntilDate: new Date(this.clock.now().getTime() + objectLock.retainDays * 86_400_000),
        // Object Lock requests must carry a checksum; CRC32 satisfies it on every part.
        ChecksumAlgorithm: 'CRC32' as const,
      }),
    };
  }
}

/** "a/b", "/a/b/" -> "a/b/"; "" stays "". */
function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}
