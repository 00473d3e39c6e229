import { Readable } from 'node:stream';
import { systemClock, type Clock } from '../../../lib/clock.js';
import { NotFoundError } from '../../../lib/errors.js';
import { assertValidKey, assertValidPrefix } from '../keys.js';
import { cancelledOr, throwIfAborted } from '../shared/streams.js';
import type { ByteRange, Destination, DestinationCapabilities, ObjectInfo } from '../types.js';

interface StoredObject {
  data: Buffer;
  modifiedAt: Date;
}

/**
 * Objects in a Map: the fake other parts use in unit tests. It behaves like a real destination
 * (keys validated, nothing visible until a put completes, abort honoured, ranges) so tests built on it
 * hold for the real ones.
 */
export class MemoryDestination implements Destination {
  readonly capabilities: DestinationCapabilities = { atomicRename: true, rangeReads: true, maxConcurrency: 16 };
  private readonly objects = new Map<string, StoredObject>();

  constructor(private readonly clock: Clock = systemClock) {}

  async put(key: string, body: Readable, signal?: AbortSignal): Promise<ObjectInfo> {
    assertValidKey(key);
    throwIfAborted(signal, `Upload of ${key}`);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of signal ? abortable(body, signal) : body) {
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
      }
    } catch (error) {
      body.destroy();
      throw cancelledOr(error, signal, `Upload of ${key}`);
    }
    throwIfAborted(signal, `Upload of ${key}`);
    const stored = { data: Buffer.concat(chunks), modifiedAt: this.clock.now() };
    this.objects.set(key, stored);
    return info(key, stored);
  }

  async get(key: string, range?: ByteRange, signal?: AbortSignal): Promise<Readable> {
    const stored = this.require(key);
    throwIfAborted(signal, `Download of ${key}`);
    const data = range ? stored.data.subarray(range.start, range.end === undefined ? undefined : range.end + 1) : stored.data;
    return Readable.from([data], { objectMode: false });
  }

  async stat(key: string): Promise<ObjectInfo> {
    return info(key, this.require(key));
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    assertValidPrefix(prefix);
    for (const [key, stored] of [...this.objects]) if (key.startsWith(prefix)) yield info(key, stored);
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    this.objects.delete(key);
  }

  async test(): Promise<void> {}

  async close(): Promise<void> {}

  private require(key: string): StoredObject {
    assertValidKey(key);
    const stored = this.objects.get(key);
    if (!stored) throw new NotFoundError(`No object ${key} in the memory destination`);
    return stored;
  }
}

/** Iterates a stream but rejects as soon as the signal fires, even while waiting for the next chunk. */
async function* abortable(body: Readable, signal: AbortSignal): AsyncIterable<unknown> {
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = (): void => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  const iterator = body[Symbol.asyncIterator]();
  for (;;) {
    const next = await Promise.race([iterator.next(), aborted]);
    if (next.done) return;
    yield next.value;
  }
}

function info(key: string, stored: StoredObject): ObjectInfo {
  return { key, size: stored.data.length, modifiedAt: stored.modifiedAt };
}
