import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const CHUNK = 256 * 1024;

/** One pseudo-random block (xorshift, fixed seed): deterministic, incompressible-ish test data. */
function makeBlock(): Buffer {
  const block = Buffer.alloc(CHUNK);
  let x = 0x9e3779b9;
  for (let i = 0; i < CHUNK; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    block.writeUInt32LE(x >>> 0, i);
  }
  return block;
}

const BLOCK = makeBlock();

export interface GeneratedStream {
  stream: Readable;
  /** sha256 (hex) of everything produced so far; final once the stream ended. */
  digest(): string;
  produced(): number;
}

/**
 * A stream of `total` bytes produced on demand (never held in memory), each chunk stamped with its
 * index so no two are equal. `onProgress` runs after each chunk, e.g. to abort mid-upload.
 */
export function generatedStream(total: number, onProgress?: (produced: number) => void): GeneratedStream {
  const hash = createHash('sha256');
  let produced = 0;
  let index = 0;
  const stream = new Readable({
    highWaterMark: CHUNK,
    read() {
      if (produced >= total) {
        this.push(null);
        return;
      }
      const size = Math.min(CHUNK, total - produced);
      const chunk = Buffer.from(BLOCK.subarray(0, size));
      if (size >= 8) chunk.writeUInt32LE(index++, 0);
      hash.update(chunk);
      produced += size;
      this.push(chunk);
      onProgress?.(produced);
    },
  });
  let final: string | undefined;
  return {
    stream,
    digest: () => (final ??= hash.digest('hex')),
    produced: () => produced,
  };
}

/** sha256 and length of a stream, without keeping it. */
export async function hashStream(stream: NodeJS.ReadableStream): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    hash.update(buffer);
  }
  return { sha256: hash.digest('hex'), size };
}

/** Samples RSS while `work` runs; returns the peak growth over the starting RSS, in bytes. */
export async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - start };
  } finally {
    clearInterval(timer);
  }
}
