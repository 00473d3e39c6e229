import type { Readable } from 'node:stream';
import { TransientError } from '../../../lib/errors.js';
import type { ByteRange, Destination, ObjectInfo } from '../types.js';

export interface RetryOptions {
  /** Total tries, first one included. */
  attempts: number;
  baseDelayMs: number;
  /** Upper bound for one wait. */
  maxDelayMs?: number;
  /** Injected so tests never wait on the real clock. */
  sleep?: (ms: number) => Promise<void>;
  /** 0..1; injected for deterministic tests. */
  random?: () => number;
  onRetry?: (info: { operation: string; attempt: number; delayMs: number; error: TransientError }) => void;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries TransientError with exponential backoff and full jitter for stat, list, get, delete and test.
 * put() and createFile() are NOT retried here: their bytes come once, from a stream or a tool, and cannot be replayed. Resilience for uploads
 * lives where the bytes are still at hand — the S3 SDK retries each multipart part on its own — and a
 * failed put otherwise fails the backup cleanly (nothing partial is visible), to be retried as a whole job.
 */
export function withRetry(inner: Destination, options: RetryOptions): Destination {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const maxDelay = options.maxDelayMs ?? 30_000;

  async function retrying<T>(operation: string, run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (!(error instanceof TransientError) || attempt >= options.attempts) throw error;
        const delayMs = Math.round(random() * Math.min(maxDelay, options.baseDelayMs * 2 ** (attempt - 1)));
        options.onRetry?.({ operation, attempt, delayMs, error });
        await sleep(delayMs);
      }
    }
  }

  return {
    capabilities: inner.capabilities,
    put: (key: string, body: Readable, signal?: AbortSignal): Promise<ObjectInfo> => inner.put(key, body, signal),
    ...(inner.createFile && { createFile: (key: string, signal?: AbortSignal) => inner.createFile!(key, signal) }),
    get: (key: string, range?: ByteRange, signal?: AbortSignal) => retrying(`get ${key}`, () => inner.get(key, range, signal)),
    stat: (key: string) => retrying(`stat ${key}`, () => inner.stat(key)),
    ...(inner.readMany && { readMany: (keys: readonly string[], maxBytes: number) => retrying(`read ${keys.length} objects`, () => inner.readMany!(keys, maxBytes)) }),
    delete: (key: string) => retrying(`delete ${key}`, () => inner.delete(key)),
    test: () => retrying('test', () => inner.test()),
    close: () => inner.close(),
    list: (prefix: string) => retryingList(inner, prefix, retrying),
  };
}

/** A listing is retried only while nothing was yielded yet; after that a retry would repeat entries. */
async function* retryingList(
  inner: Destination,
  prefix: string,
  retrying: <T>(operation: string, run: () => Promise<T>) => Promise<T>,
): AsyncIterable<ObjectInfo> {
  const iterator = await retrying(`list ${prefix}`, async () => {
    const it = inner.list(prefix)[Symbol.asyncIterator]();
    const first = await it.next();
    return { it, first };
  });
  let next = iterator.first;
  try {
    while (!next.done) {
      yield next.value;
      next = await iterator.it.next();
    }
  } finally {
    if (!next.done) await iterator.it.return?.();
  }
}
