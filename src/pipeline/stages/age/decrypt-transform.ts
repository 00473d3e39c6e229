import { Transform, type TransformCallback } from 'node:stream';
import { ValidationError } from '../../../lib/errors.js';
import { IntegrityError } from './errors.js';
import { openHeader, type DecryptionKeys } from './file-key.js';
import { parseHeader } from './header.js';
import { HoldLastChunker, NONCE_SIZE, payloadKey, SEALED_CHUNK_SIZE, StreamOpener, TAG_SIZE } from './payload.js';

const DAMAGED = 'Backup is damaged or was altered';

/**
 * An age v1 file in, plaintext out. A chunk's plaintext is pushed only after its tag verified, and
 * anything wrong (a bad tag, a missing final chunk, trailing bytes) errors the stream instead of ending
 * it, so a consumer never mistakes a cut-off backup for a complete one.
 */
export class AgeDecryptTransform extends Transform {
  private headerBytes: Buffer | undefined = Buffer.alloc(0);
  private opener: StreamOpener | undefined;
  private readonly chunker = new HoldLastChunker(SEALED_CHUNK_SIZE);

  constructor(private readonly keys: DecryptionKeys) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.opener) return callback(this.openChunks(chunk));
    this.headerBytes = Buffer.concat([this.headerBytes!, chunk]);
    this.tryOpenHeader().then(
      (rest) => callback(rest ? this.openChunks(rest) : undefined),
      (error: Error) => callback(error),
    );
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (!this.opener) throw this.incompleteHeaderError();
      this.openFinalChunk();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  /** Resolves with the payload bytes that followed the header once the header and nonce are complete. */
  private async tryOpenHeader(): Promise<Buffer | undefined> {
    const buffered = this.headerBytes!;
    const header = parseHeader(buffered);
    if (!header || buffered.length < header.length + NONCE_SIZE) return undefined;
    const fileKey = await openHeader(header, this.keys);
    const nonce = buffered.subarray(header.length, header.length + NONCE_SIZE);
    this.opener = new StreamOpener(payloadKey(fileKey, nonce));
    this.headerBytes = undefined;
    return buffered.subarray(header.length + NONCE_SIZE);
  }

  /** Opens every chunk known not to be the last; returns the error of the first one that fails. */
  private openChunks(data: Buffer): Error | undefined {
    const opener = this.opener!;
    let failure: Error | undefined;
    this.chunker.push(data, (sealed) => {
      if (failure) return;
      const plaintext = opener.open(sealed, false);
      if (plaintext) this.push(plaintext);
      else failure = this.middleChunkError(sealed);
    });
    return failure;
  }

  private openFinalChunk(): void {
    const opener = this.opener!;
    const sealed = this.chunker.rest();
    const index = opener.opened + 1;
    if (sealed.length < TAG_SIZE) {
      throw new IntegrityError(`${DAMAGED}: the file is cut off inside chunk ${index} (truncated)`);
    }
    if (sealed.length === TAG_SIZE && opener.opened > 0) {
      throw new IntegrityError(`${DAMAGED}: chunk ${index} is an empty final chunk, which age never writes`);
    }
    const plaintext = opener.open(sealed, true);
    if (plaintext) return void this.push(plaintext);
    if (sealed.length === SEALED_CHUNK_SIZE && opener.wouldOpen(sealed, false)) {
      throw new IntegrityError(`${DAMAGED}: the file ends after chunk ${index} without its final chunk (truncated)`);
    }
    throw new IntegrityError(`${DAMAGED}: chunk ${index} failed authentication (altered or truncated)`);
  }

  private middleChunkError(sealed: Buffer): IntegrityError {
    const index = this.opener!.opened + 1;
    if (this.opener!.wouldOpen(sealed, true)) {
      return new IntegrityError(`${DAMAGED}: unexpected data after the final chunk (${index})`);
    }
    return new IntegrityError(`${DAMAGED}: chunk ${index} failed authentication`);
  }

  private incompleteHeaderError(): Error {
    if (this.headerBytes!.length === 0) return new ValidationError('Nothing to decrypt: the input is empty');
    const header = parseHeader(this.headerBytes!);
    if (header) return new IntegrityError(`${DAMAGED}: the file ends right after its header (truncated)`);
    return new IntegrityError(`${DAMAGED}: the file ends inside its age header (truncated)`);
  }
}
