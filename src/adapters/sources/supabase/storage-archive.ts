import { GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { CancelledError, LifeboatError, ValidationError } from '../../../lib/errors.js';
import type { Dump } from '../types.js';
import { padding, tarHeader, tarTrailer } from './tar-header.js';
import type { SupabaseConfig } from './supabase.config.js';

export const STORAGE_FORMAT = 'supabase-storage-tar';

export function storageClient(config: SupabaseConfig): S3Client {
  if (!config.storageEndpoint || !config.storageAccessKeyId || !config.storageSecretAccessKey) {
    throw new ValidationError('Supabase Storage backup needs storageEndpoint, storageAccessKeyId and storageSecretAccessKey');
  }
  return new S3Client({
    endpoint: config.storageEndpoint,
    region: config.storageRegion,
    forcePathStyle: true, // Supabase Storage serves buckets as paths under /storage/v1/s3
    credentials: { accessKeyId: config.storageAccessKeyId, secretAccessKey: config.storageSecretAccessKey },
    maxAttempts: 3,
  });
}

async function bucketsToDump(client: S3Client, config: SupabaseConfig, signal: AbortSignal): Promise<string[]> {
  if (config.storageBuckets.length > 0) return config.storageBuckets;
  const { Buckets = [] } = await client.send(new ListBucketsCommand({}), { abortSignal: signal });
  return Buckets.map((bucket) => bucket.Name ?? '').filter(Boolean).sort();
}

/** Every object of the chosen buckets as a tar stream: entries are `<bucket>/<key>`, one object at a time. */
async function* archive(client: S3Client, config: SupabaseConfig, signal: AbortSignal): AsyncGenerator<Buffer> {
  for (const bucket of await bucketsToDump(client, config, signal)) {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }), { abortSignal: signal });
      for (const object of page.Contents ?? []) {
        if (signal.aborted) throw new CancelledError('Storage backup cancelled');
        const { Body, ContentLength } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }), { abortSignal: signal });
        const size = ContentLength ?? object.Size ?? 0;
        yield tarHeader({ name: `${bucket}/${object.Key}`, size, mtime: object.LastModified ?? new Date(0) });
        let written = 0;
        for await (const chunk of (Body as Readable | undefined) ?? []) {
          written += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
        // A short body would shift every later entry: fail rather than write a corrupt archive.
        if (written !== size) throw new LifeboatError(`Storage object ${bucket}/${object.Key} ended after ${written} of ${size} bytes`);
        yield padding(size);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  yield tarTrailer();
}

/** Starts a Storage backup; `done` settles when the archive is complete or failed. */
export function dumpStorage(config: SupabaseConfig, signal: AbortSignal): Dump {
  const client = storageClient(config);
  let settle!: { resolve(): void; reject(error: unknown): void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined); // the caller awaits it; never an unhandled rejection when the stream fails first
  async function* tracked(): AsyncGenerator<Buffer> {
    try {
      yield* archive(client, config, signal);
      settle.resolve();
    } catch (error) {
      const failure = signal.aborted ? new CancelledError('Storage backup cancelled', { cause: error }) : storageError(error, config);
      settle.reject(failure);
      throw failure;
    } finally {
      client.destroy();
    }
  }
  const stream = Readable.from(tracked(), { objectMode: false });
  signal.addEventListener('abort', () => {
    const cancelled = new CancelledError('Storage backup cancelled');
    settle.reject(cancelled);
    stream.destroy(cancelled);
  }, { once: true });
  // Destroyed by its reader before the end: the generator is only returned, so settle here (no-op once done).
  stream.once('close', () => settle.reject(new LifeboatError('Storage backup stream closed before the archive was complete')));
  return { stream, format: STORAGE_FORMAT, extension: 'tar', done };
}

function storageError(error: unknown, config: SupabaseConfig): Error {
  if (error instanceof LifeboatError) return error;
  let message = error instanceof Error ? error.message : String(error);
  if (config.storageSecretAccessKey) message = message.split(config.storageSecretAccessKey).join('[redacted]');
  return new LifeboatError(`Supabase Storage at ${config.storageEndpoint} failed: ${message}`, { cause: error });
}
