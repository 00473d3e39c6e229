import { CancelledError, LifeboatError, NotFoundError, PermissionError, TransientError } from '../../../lib/errors.js';

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound']);
const DENIED = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden', 'AllAccessDisabled']);
const TRANSIENT = new Set(['SlowDown', 'RequestTimeout', 'InternalError', 'ServiceUnavailable', 'TimeoutError', 'RequestTimeTooSkewed']);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_STREAM_PREMATURE_CLOSE']);

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Turns an AWS SDK error into Lifeboat's classes; `what` says what was being done, for the message. */
export function translateS3Error(error: unknown, what: string, bucket: string): unknown {
  if (error instanceof LifeboatError) return error;
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  const detail = `${name || 'error'}${status ? ` ${status}` : ''}: ${e.message ?? String(error)}`;
  if (name === 'AbortError') return new CancelledError(`${what} was cancelled`, { cause: error });
  if (name === 'NoSuchBucket') {
    return new NotFoundError(`${what}: bucket "${bucket}" does not exist; create it or fix the bucket name`, { cause: error });
  }
  if (NOT_FOUND.has(name) || status === 404) return new NotFoundError(`${what}: not found`, { cause: error });
  if (DENIED.has(name) || status === 403 || status === 401) {
    return new PermissionError(
      `${what}: S3 refused access to bucket "${bucket}" (${detail}); check the access key, secret and the bucket policy`,
      { cause: error },
    );
  }
  if (TRANSIENT.has(name) || (status !== undefined && status >= 500) || NETWORK.has(e.code ?? '') || NETWORK.has(name)) {
    return new TransientError(`${what}: S3 is unavailable right now (${detail})`, { cause: error });
  }
  return new Error(`${what}: ${detail}`, { cause: error });
}

/**
 * A request cut by the upload client's idle timeout, on every try: the server took the bytes and went silent, or the
 * network black-holed them. Transient, and worded so the operator sees which server and what was waited for.
 */
export function stalledUploadError(error: unknown, what: string, where: string, stallSeconds: number, attempts: number): TransientError | undefined {
  const e = (error ?? {}) as SdkError;
  // The connection timeout is a TimeoutError too; only the idle timeout speaks of inactivity.
  if (e.name !== 'TimeoutError' || !/inactivity/.test(e.message ?? '')) return undefined;
  return new TransientError(
    `${what}: ${where} stopped answering (no response for ${stallSeconds} s, ${attempts} tries); the upload was abandoned`,
    { cause: error },
  );
}
