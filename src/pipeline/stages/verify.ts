import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { IntegrityError } from './age/errors.js';

/** One error for "the stored bytes are damaged, truncated or altered", whichever check found it. */
export { IntegrityError };

/**
 * Checks size and sha256 of the stored bytes against the sidecar while they stream. The last chunk is
 * held back until the digest matches, so a consumer never sees the end of a stream that fails the check;
 * `beforeFail` runs first so the restore tool can be stopped before its input closes.
 */
export class VerifyStage extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private held: Buffer | undefined;

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
    const previous = this.held;
    this.held = chunk;
    callback(null, previous);
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytes !== this.expected.size) {
      return this.fail(callback, `${this.bytes} bytes instead of the ${this.expected.size} recorded (truncated)`);
    }
    const digest = this.hash.digest('hex');
    if (digest !== this.expected.sha256) return this.fail(callback, 'sha256 differs from the sidecar');
    callback(null, this.held);
  }

  private fail(callback: TransformCallback, detail: string): void {
    const error = new IntegrityError(`Backup is damaged or was altered: ${detail}`);
    this.beforeFail(error);
    callback(error);
  }
}
