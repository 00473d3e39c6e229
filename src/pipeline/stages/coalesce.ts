import { Transform, type TransformCallback } from 'node:stream';

const DEFAULT_CHUNK_BYTES = 1024 * 1024;

/**
 * Gathers a tool's small pipe reads into chunks of about 1 MiB. A compressor writes its output in pieces of
 * a few KB, and every piece would otherwise cost each later stage (hash, fan-out, every destination's write)
 * its own round of stream callbacks and system calls: on a 1 GB dump that is thousands of rounds instead of
 * a hundred. The copy this costs is a fraction of that. Holds at most one chunk; the rest flows at once.
 */
export class CoalesceChunks extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly chunkBytes = DEFAULT_CHUNK_BYTES) {
    super({ writableHighWaterMark: chunkBytes, readableHighWaterMark: chunkBytes });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= this.chunkBytes) this.pushPending();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.pushPending();
    callback();
  }

  private pushPending(): void {
    if (this.pendingBytes === 0) return;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.push(chunk);
  }
}
