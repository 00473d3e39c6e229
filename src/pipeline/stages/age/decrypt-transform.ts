import { Transform, type TransformCallback } from 'node:stream';
import { ValidationError } from '../../../lib/errors.js';
import { IntegrityError } from './errors.js';
import { openHeader, type DecryptionKeys } from './file-key.js';
import { parseHeader } from './header.js';
import { ChunkBatches } from './chunk-batches.js';
import type { BatchDone, ChunkFailure } from './chunk-workers.js';
import { HoldLastChunker, NONCE_SIZE, openChunk, payloadKey, SEALED_CHUNK_SIZE, TAG_SIZE } from './payload.js';

const DAMAGED = 'Backup is damaged or was altered';

/**
 * An age v1 file in, plaintext out. A chunk's plaintext is pushed only after its tag verified, and
 * anything wrong (a bad tag, a missing final chunk, trailing bytes) errors the stream instead of ending
 * it, so a consumer never mistakes a cut-off backup for a complete one. The chunks before the last are
 * opened in batches on the chunk workers and come out in order; the last one is opened here.
 */
export class AgeDecryptTransform extends Transform {
  private headerBytes: Buffer | undefined = Buffer.alloc(0);
  private key: Buffer | undefined;
  private batches: ChunkBatches | undefined;
  private readonly chunker = new HoldLastChunker(SEALED_CHUNK_SIZE);
  /** Pushes a batch's authenticated plaintext; throws for the chunk that failed, after the good ones before it. */
  private readonly pushOpened = ({ output, failure }: BatchDone) => {
    if (output.length > 0) this.push(output);
    if (failure) throw middleChunkError(failure);
  };

  constructor(private readonly keys: DecryptionKeys) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.takePayload(chunk).then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.finish().then(() => callback(), callback);
  }

  private async takePayload(chunk: Buffer): Promise<void> {
    let payload: Buffer | undefined = chunk;
    if (!this.batches) {
      this.headerBytes = Buffer.concat([this.headerBytes!, chunk]);
      payload = await this.tryOpenHeader();
    }
    if (!payload) return;
    const batches = this.batches!;
    this.chunker.push(payload, (sealed) => batches.add(sealed));
    await batches.drain(this.pushOpened);
  }

  private async finish(): Promise<void> {
    if (!this.batches) throw this.incompleteHeaderError();
    await this.batches.finish(this.pushOpened);
    this.openFinalChunk();
  }

  /** Resolves with the payload bytes that followed the header once the header and nonce are complete. */
  private async tryOpenHeader(): Promise<Buffer | undefined> {
    const buffered = this.headerBytes!;
    const header = parseHeader(buffered);
    if (!header || buffered.length < header.length + NONCE_SIZE) return undefined;
    const fileKey = await openHeader(header, this.keys);
    this.key = payloadKey(fileKey, buffered.subarray(header.length, header.length + NONCE_SIZE));
    this.batches = new ChunkBatches('open', this.key, SEALED_CHUNK_SIZE);
    this.headerBytes = undefined;
    return buffered.subarray(header.length + NONCE_SIZE);
  }

  private openFinalChunk(): void {
    const sealed = this.chunker.rest();
    const index = this.batches!.count;
    if (sealed.length < TAG_SIZE) {
      throw new IntegrityError(`${DAMAGED}: the file is cut off inside chunk ${index + 1} (truncated)`);
    }
    if (sealed.length === TAG_SIZE && index > 0) {
      throw new IntegrityError(`${DAMAGED}: chunk ${index + 1} is an empty final chunk, which age never writes`);
    }
    const plaintext = openChunk(this.key!, index, sealed, true);
    if (plaintext) return void this.push(plaintext);
    if (sealed.length === SEALED_CHUNK_SIZE && openChunk(this.key!, index, sealed, false)) {
      throw new IntegrityError(`${DAMAGED}: the file ends after chunk ${index + 1} without its final chunk (truncated)`);
    }
    throw new IntegrityError(`${DAMAGED}: chunk ${index + 1} failed authentication (altered or truncated)`);
  }

  private incompleteHeaderError(): Error {
    if (this.headerBytes!.length === 0) return new ValidationError('Nothing to decrypt: the input is empty');
    const header = parseHeader(this.headerBytes!);
    if (header) return new IntegrityError(`${DAMAGED}: the file ends right after its header (truncated)`);
    return new IntegrityError(`${DAMAGED}: the file ends inside its age header (truncated)`);
  }
}

function middleChunkError(failure: NonNullable<ChunkFailure>): IntegrityError {
  const number = failure.index + 1; // chunks are numbered from 1 in messages
  if (failure.opensAsLast) return new IntegrityError(`${DAMAGED}: unexpected data after the final chunk (${number})`);
  return new IntegrityError(`${DAMAGED}: chunk ${number} failed authentication`);
}
