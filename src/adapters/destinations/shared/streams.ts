import { randomBytes } from 'node:crypto';
import { CancelledError } from '../../../lib/errors.js';

/** Random suffix for temporary upload names. */
export function randomSuffix(): string {
  return randomBytes(6).toString('hex');
}

/** Throws CancelledError when the signal has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new CancelledError(`${what} was cancelled`, { cause: signal.reason });
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'CancelledError');
}

/** The same error for every adapter when a signal stopped an operation, whatever the driver threw. */
export function cancelledOr(error: unknown, signal: AbortSignal | undefined, what: string): unknown {
  if (signal?.aborted || isAbortError(error)) return new CancelledError(`${what} was cancelled`, { cause: error });
  return error;
}

/** Inclusive-end byte range as the `Range: bytes=` header text. */
export function rangeHeader(range: { start: number; end?: number }): string {
  return `bytes=${range.start}-${range.end ?? ''}`;
}

/** Joins a configured root folder and a validated key with exactly one '/'. */
export function joinPath(root: string, key: string): string {
  if (key === '') return root;
  return root.endsWith('/') ? `${root}${key}` : `${root}/${key}`;
}
