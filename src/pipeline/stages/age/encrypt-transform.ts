import { randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { buildHeader, newFileKey } from './file-key.js';
import type { Stanza } from './header.js';
import { CHUNK_SIZE, HoldLastChunker, NONCE_SIZE, payloadKey, StreamSealer } from './payload.js';

/** Wraps a fresh file key for every recipient (or the passphrase); may be slow (scrypt), hence async. */
export type StanzaMaker = (fileKey: Buffer) => Promise<Stanza[]>;

/**
 * Plaintext in, an age v1 file out. The header and payload nonce go out with the first bytes; each
 * input write comes out as one buffer holding all the chunks it completed, so downstream sees few,
 * large writes.
 */
export class AgeEncryptTransform extends Transform {
  private prefix: Buffer | undefined;
  private sealer: StreamSealer | undefined;
  private readonly chunker = new HoldLastChunker(CHUNK_SIZE);

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
    this.sealer = new StreamSealer(payloadKey(fileKey, nonce));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const out = this.takePrefix();
    const sealer = this.sealer!;
    this.chunker.push(chunk, (full) => sealer.seal(full, false, out));
    callback(null, out.length > 0 ? Buffer.concat(out) : undefined);
  }

  override _flush(callback: TransformCallback): void {
    const out = this.takePrefix();
    // Always a final chunk, even an empty one for empty input: the last-chunk flag is what proves the end.
    this.sealer!.seal(this.chunker.rest(), true, out);
    callback(null, Buffer.concat(out));
  }

  private takePrefix(): Buffer[] {
    const out = this.prefix ? [this.prefix] : [];
    this.prefix = undefined;
    return out;
  }
}
