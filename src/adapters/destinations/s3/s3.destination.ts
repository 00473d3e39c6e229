import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type PutObjectCommandInput,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { systemClock, type Clock } from '../../../lib/clock.js';
import { assertValidKey, assertValidPrefix } from '../keys.js';
import { cancelledOr, rangeHeader, throwIfAborted } from '../shared/streams.js';
import type { ByteRange, Destination, DestinationCapabilities, ObjectInfo } from '../types.js';
import { stalledUploadError, translateS3Error } from './s3.errors.js';
import type { S3Config } from './s3.plugin.js';

/** Parts in flight: with 16 MiB parts, ~32 MiB of buffers whatever the backup's size. */
const QUEUE_SIZE = 2;
const MiB = 1024 * 1024;
/** Tries per request (the SDK retries transient failures, a stalled part included, with backoff). */
const MAX_ATTEMPTS = 4;
/** An endpoint that does not even accept a TCP connection in this time is down or black-holed. */
const CONNECTION_TIMEOUT_MS = 30_000;

/**
 * S3 and compatible servers. Objects appear only when an upload completes (multipart is invisible until
 * CompleteMultipartUpload), so put() needs no temporary name. Each part is retried by the SDK itself.
 */
export class S3Destination implements Destination {
  readonly capabilities: DestinationCapabilities;
  private readonly client: S3Client;
  private readonly uploadClient: S3Client;
  private readonly prefix: string;

  constructor(
    private readonly config: S3Config,
    private readonly clock: Clock = systemClock,
  ) {
    this.capabilities = { atomicRename: true, rangeReads: true, maxConcurrency: 4, objectLock: Boolean(config.objectLock) };
    this.prefix = normalizePrefix(config.prefix);
    const shared: S3ClientConfig = {
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
      // Checksums only where S3 requires them: MinIO, R2, B2 and others reject or mishandle the new defaults.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: MAX_ATTEMPTS,
    };
    // No idle timeout for reads: a restore may pause a download for minutes (psql building an index).
    this.client = new S3Client({ ...shared, requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS } });
    // Upload requests carry parts already in memory, so a socket silent this long means the server or the network
    // stopped, never a slow source: the request is cut and retried. (`requestTimeout` would only log a warning.)
    this.uploadClient = new S3Client({
      ...shared,
      requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, socketTimeout: config.stallTimeoutSeconds * 1000 },
    });
  }

  async put(key: string, body: Readable, signal?: AbortSignal): Promise<ObjectInfo> {
    assertValidKey(key);
    throwIfAborted(signal, `Upload of ${key}`);
    // Upload.abort() settles done() but leaves part requests in flight, and a failed part does not stop the other
    // uploaders from reading on to the end of the stream: the first failure stops everything, through this signal.
    const stop = new AbortController();
    let firstFailure: unknown;
    const upload = new Upload({
      client: withAbortSignal(this.uploadClient, stop.signal, (error) => {
        if (stop.signal.aborted) return;
        firstFailure = error;
        stopAll();
      }),
      params: this.putParams(key, body),
      queueSize: QUEUE_SIZE,
      partSize: this.config.partSizeMiB * MiB,
      // Parts are discarded below, so a failed clean-up request never replaces the reason the upload failed.
      leavePartsOnError: true,
    });
    const stopAll = (): void => {
      stop.abort();
      void upload.abort();
    };
    signal?.addEventListener('abort', stopAll, { once: true });
    try {
      await upload.done();
    } catch (error) {
      stopAll();
      body.destroy();
      const failure = this.uploadError(cancelledOr(firstFailure ?? error, signal, `Upload of ${key}`), key);
      const leftover = await this.discardParts(key, upload.uploadId);
      if (leftover && failure instanceof Error) failure.message += `; ${leftover}`;
      throw failure;
    } finally {
      signal?.removeEventListener('abort', stopAll);
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
    this.uploadClient.destroy();
  }

  private uploadError(error: unknown, key: string): unknown {
    const where = `bucket "${this.config.bucket}" at ${this.config.endpoint ?? 'AWS S3'}`;
    return stalledUploadError(error, `Uploading ${key}`, where, this.config.stallTimeoutSeconds, MAX_ATTEMPTS)
      ?? translateS3Error(error, `Uploading ${key}`, this.config.bucket);
  }

  /** Aborts an unfinished multipart upload so its parts stop taking (billed) space; says what is left if it cannot. */
  private async discardParts(key: string, uploadId: string | undefined): Promise<string | undefined> {
    if (!uploadId) return undefined;
    try {
      await this.uploadClient.send(new AbortMultipartUploadCommand({ Bucket: this.config.bucket, Key: this.prefix + key, UploadId: uploadId }));
      return undefined;
    } catch (error) {
      const e = error as { name?: string; message?: string };
      return `its uploaded parts could not be discarded (${e.name ?? 'error'}: ${e.message ?? String(error)}); `
        + 'a lifecycle rule that aborts incomplete multipart uploads removes them';
    }
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

/**
 * The client as lib-storage sees it: every request tied to `signal` (lib-storage passes none to its part uploads),
 * and `onFailure` told of a request that failed for good (the SDK has already retried it).
 */
function withAbortSignal(client: S3Client, signal: AbortSignal, onFailure: (error: unknown) => void): S3Client {
  const bound = Object.create(client) as S3Client;
  const send = (command: Parameters<S3Client['send']>[0], options?: { abortSignal?: AbortSignal }) =>
    client.send(command, { ...options, abortSignal: signal }).catch((error: unknown) => {
      onFailure(error);
      throw error;
    });
  bound.send = send as S3Client['send'];
  return bound;
}

/** "a/b", "/a/b/" -> "a/b/"; "" stays "". */
function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}
