import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
// s3rver ships no types; its API is small: construct, run(), close().
// @ts-expect-error -- untyped package
import S3rver from 's3rver';

export interface S3TestServer {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Where the server keeps objects on disk (removed by stop()). */
  directory: string;
  port: number;
  /** Multipart uploads started and neither completed nor aborted (their parts still take space). */
  pendingUploads(): Promise<string[]>;
  stop(): Promise<void>;
}

/** An S3-compatible server (s3rver) on a free loopback port with one empty bucket, storing in a temp folder. */
export async function startS3Server(options: { bucket?: string } = {}): Promise<S3TestServer> {
  const directory = await mkdtemp(path.join(tmpdir(), 'lifeboat-s3-'));
  const bucket = options.bucket ?? 'lifeboat-test';
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  // Where s3rver keeps unfinished multipart uploads, one folder per upload id.
  const uploads = path.join(directory, bucket, '._S3rver_uploads');
  (server as { middleware: unknown[] }).middleware.unshift(abortMultipartUpload(uploads));
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    region: 'us-east-1',
    bucket,
    // s3rver's fixed development credentials.
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    directory,
    port: address.port,
    pendingUploads: async () => readdir(uploads).catch(() => []),
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

interface KoaContext {
  method: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  type: string;
}

/**
 * AbortMultipartUpload, which s3rver 3 lacks (it answers 405): removes the upload's parts, 204, or 404 NoSuchUpload,
 * as S3 does. Placed before s3rver's own routes; the request is not authenticated (loopback test server).
 */
function abortMultipartUpload(uploads: string) {
  return async (ctx: KoaContext, next: () => Promise<void>) => {
    const uploadId = ctx.query.uploadId;
    if (ctx.method !== 'DELETE' || typeof uploadId !== 'string') return next();
    const folder = path.join(uploads, path.basename(uploadId));
    if (!(await stat(folder).catch(() => null))) {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>';
      return;
    }
    await rm(folder, { recursive: true, force: true });
    ctx.status = 204;
  };
}
