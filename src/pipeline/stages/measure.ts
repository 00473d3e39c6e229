import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export interface Measurement {
  bytes: number;
  sha256: string;
}

/**
 * Counts and hashes the bytes that will be stored (after compression and encryption), so every
 * destination's artifact can be checked against one size and checksum. Not the run's progress: bytes pass
 * here megabytes ahead of a slow destination (see progress.ts).
 */
export class MeasureStage extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private digest: string | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.digest = this.hash.digest('hex');
    callback();
  }

  /** Available once the stream has ended. */
  result(): Measurement {
    if (this.digest === undefined) throw new Error('Measurement read before the stream ended');
    return { bytes: this.bytes, sha256: this.digest };
  }
}
