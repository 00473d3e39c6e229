import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { IntegrityError } from './age/errors.js';

/** One error for "the stored bytes are damaged, truncated or altered", whichever check found it. */
export { IntegrityError };

/**
 * Held back until the digest matches. More than the last chunk: when the stream comes in small chunks, the last one
 * may hold only a compressed frame's checksum, and a decompressor would already have emitted all of the dump.
 */
const TAIL_BYTES = 1 << 20;

/**
 * Checks size and sha256 of the stored bytes against the sidecar while they stream. The last TAIL_BYTES are
 * held back until the digest matches, so a consumer never sees the end of a stream that fails the check;
 * `beforeFail` runs first so the restore tool can be stopped before its input closes.
 */
export class VerifyStage extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly held: Buffer[] = [];
  private heldBytes = 0;

  constructor(
    private readonly expected: { size: number; sha256: string },
    private readonly beforeFail: (error: Error) => void = () => undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.bytes > this.expected.size) return this.fail(callback, `more bytes than the ${this.expected.size} recorded`);
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    while (this.heldBytes - this.held[0]!.length >= TAIL_BYTES) {
      const released = this.held.shift()!;
      this.heldBytes -= released.length;
      this.push(released);
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytes !== this.expected.size) {
      return this.fail(callback, `${this.bytes} bytes instead of the ${this.expected.size} recorded (truncated)`);
    }
    const digest = this.hash.digest('hex');
    if (digest !== this.expected.sha256) return this.fail(callback, 'sha256 differs from the sidecar');
    for (const chunk of this.held) this.push(chunk);
    callback();
  }

  private fail(callback: TransformCallback, detail: string): void {
    const error = new IntegrityError(`Backup is damaged or was altered: ${detail}`);
    this.beforeFail(error);
    callback(error);
  }
}
