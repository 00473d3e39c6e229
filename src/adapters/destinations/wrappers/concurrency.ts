import type { Readable } from 'node:stream';
import type { ByteRange, Destination, FileUpload, ObjectInfo } from '../types.js';

/** A counting semaphore: FIFO, no timers. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`Concurrency limit must be a positive integer, got ${limit}`);
  }

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/**
 * At most `limit` operations at once against the destination. A get() holds its slot until its stream
 * ends or is destroyed, a list() until iteration stops, and a created file until it is committed or aborted,
 * since that is when the destination is busy.
 */
export function withConcurrencyLimit(inner: Destination, limit: number): Destination {
  const semaphore = new Semaphore(limit);
  return {
    capabilities: { ...inner.capabilities, maxConcurrency: Math.min(limit, inner.capabilities.maxConcurrency) },
    put: (key: string, body: Readable, signal?: AbortSignal): Promise<ObjectInfo> => semaphore.run(() => inner.put(key, body, signal)),
    get: async (key: string, range?: ByteRange, signal?: AbortSignal) => {
      const release = await semaphore.acquire();
      try {
        const stream = await inner.get(key, range, signal);
        stream.once('close', release).once('end', release).once('error', release);
        return stream;
      } catch (error) {
        release();
        throw error;
      }
    },
    ...(inner.createFile && { createFile: (key: string, signal?: AbortSignal) => limitedFile(inner, key, signal, semaphore) }),
    stat: (key: string) => semaphore.run(() => inner.stat(key)),
    ...(inner.readMany && { readMany: (keys: readonly string[], maxBytes: number) => semaphore.run(() => inner.readMany!(keys, maxBytes)) }),
    delete: (key: string) => semaphore.run(() => inner.delete(key)),
    test: () => semaphore.run(() => inner.test()),
    close: () => inner.close(),
    list: (prefix: string) => limitedList(inner, prefix, semaphore),
  };
}

async function limitedFile(inner: Destination, key: string, signal: AbortSignal | undefined, semaphore: Semaphore): Promise<FileUpload> {
  const release = await semaphore.acquire();
  try {
    const upload = await inner.createFile!(key, signal);
    return {
      fd: upload.fd,
      grew: (bytes) => upload.grew(bytes),
      commit: (key) => upload.commit(key).finally(release),
      abort: () => upload.abort().finally(release),
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function* limitedList(inner: Destination, prefix: string, semaphore: Semaphore): AsyncIterable<ObjectInfo> {
  const release = await semaphore.acquire();
  try {
    yield* inner.list(prefix);
  } finally {
    release();
  }
}
