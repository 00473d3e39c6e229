import { randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ChunkBatches } from './chunk-batches.js';
import type { BatchDone } from './chunk-workers.js';
import { buildHeader, newFileKey } from './file-key.js';
import type { Stanza } from './header.js';
import { CHUNK_SIZE, HoldLastChunker, NONCE_SIZE, payloadKey, sealChunk } from './payload.js';

/** Wraps a fresh file key for every recipient (or the passphrase); may be slow (scrypt), hence async. */
export type StanzaMaker = (fileKey: Buffer) => Promise<Stanza[]>;

/**
 * Plaintext in, an age v1 file out. The header and payload nonce go out first; the chunks are sealed
 * in batches on the chunk workers and come out in order, one buffer per batch; the last chunk (known
 * only at the end) is sealed here.
 */
export class AgeEncryptTransform extends Transform {
  private prefix: Buffer | undefined;
  private key: Buffer | undefined;
  private batches: ChunkBatches | undefined;
  private readonly chunker = new HoldLastChunker(CHUNK_SIZE);
  private readonly pushSealed = ({ output }: BatchDone) => void this.push(output);

  constructor(private readonly makeStanzas: StanzaMaker) {
    super();
  }

  override _construct(callback: (error?: Error | null) => void): void {
    this.prepare().then(() => callback(), callback);
  }

  private async prepare(): Promise<void> {
    const fileKey = newFileKey();
    const header = buildHeader(await this.makeStanzas(fileKey), fileKey);
    const nonce = randomBytes(NONCE_SIZE);
    this.prefix = Buffer.concat([header, nonce]);
    this.key = payloadKey(fileKey, nonce);
    this.batches = new ChunkBatches('seal', this.key, CHUNK_SIZE);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pushPrefix();
    const batches = this.batches!;
    this.chunker.push(chunk, (full) => batches.add(full));
    batches.drain(this.pushSealed).then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.pushPrefix();
    const batches = this.batches!;
    batches.finish(this.pushSealed).then(() => {
      // Always a final chunk, even an empty one for empty input: the last-chunk flag is what proves the end.
      callback(null, sealChunk(this.key!, batches.count, this.chunker.rest(), true));
    }, callback);
  }

  private pushPrefix(): void {
    if (this.prefix) this.push(this.prefix);
    this.prefix = undefined;
  }
}
