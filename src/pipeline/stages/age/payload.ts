import { createCipheriv, createDecipheriv } from 'node:crypto';
import { hkdf } from './primitives.js';

/** age's STREAM: 64 KiB plaintext chunks, each sealed with a 16-byte Poly1305 tag. */
export const CHUNK_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;
export const NONCE_SIZE = 16;
// The nonce counter is 11 bytes; 48 bits of it (16 EiB of data) is more than any backup needs and fits a JS number.
const MAX_CHUNKS = 2 ** 48;

export function payloadKey(fileKey: Uint8Array, payloadNonce: Uint8Array): Buffer {
  return hkdf(fileKey, payloadNonce, 'payload');
}

/**
 * Per-chunk nonce: 11-byte big-endian chunk counter, then 0x01 on the last chunk and 0x00 otherwise.
 * The flag is what makes truncation at a chunk boundary detectable.
 */
class ChunkNonce {
  readonly bytes = Buffer.alloc(12);
  counter = 0;

  set(last: boolean): Buffer {
    if (this.counter >= MAX_CHUNKS) throw new Error('age stream too long');
    this.bytes.writeUIntBE(this.counter, 5, 6);
    this.bytes[11] = last ? 1 : 0;
    return this.bytes;
  }
}

export class StreamSealer {
  private readonly nonce = new ChunkNonce();

  constructor(private readonly key: Buffer) {}

  /** Appends the sealed chunk (ciphertext, then tag) to `out`. */
  seal(chunk: Uint8Array, last: boolean, out: Buffer[]): void {
    const cipher = createCipheriv('chacha20-poly1305', this.key, this.nonce.set(last), { authTagLength: TAG_SIZE });
    out.push(cipher.update(chunk));
    cipher.final();
    out.push(cipher.getAuthTag());
    this.nonce.counter++;
  }
}

export class StreamOpener {
  private readonly nonce = new ChunkNonce();

  constructor(private readonly key: Buffer) {}

  /** Number of chunks opened so far; the next chunk's index. */
  get opened(): number {
    return this.nonce.counter;
  }

  /** The plaintext, only once its tag verified; null if it did not. `sealed` is ciphertext plus tag. */
  open(sealed: Uint8Array, last: boolean): Buffer | null {
    const decipher = createDecipheriv('chacha20-poly1305', this.key, this.nonce.set(last), { authTagLength: TAG_SIZE });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
    const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
    try {
      decipher.final();
    } catch {
      return null;
    }
    this.nonce.counter++;
    return plaintext;
  }

  /** Whether `sealed` opens at the current position with the other last-flag (to name truncation precisely). */
  wouldOpen(sealed: Uint8Array, last: boolean): boolean {
    const decipher = createDecipheriv('chacha20-poly1305', this.key, this.nonce.set(last), { authTagLength: TAG_SIZE });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
    decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
    try {
      decipher.final();
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Cuts a byte stream into fixed-size chunks while always holding back the latest one, because whether a
 * chunk is the last is only known once more data (or the end) arrives. Full chunks are handed out as
 * views (of the input when possible, else of one reused staging buffer): consume them synchronously.
 */
export class HoldLastChunker {
  private readonly staging: Buffer;
  private held = 0;

  constructor(private readonly size: number) {
    this.staging = Buffer.allocUnsafe(size);
  }

  push(data: Buffer, onChunk: (chunk: Buffer) => void): void {
    let offset = 0;
    if (this.held > 0) {
      offset = Math.min(this.size - this.held, data.length);
      data.copy(this.staging, this.held, 0, offset);
      this.held += offset;
      if (this.held < this.size || offset === data.length) return;
      onChunk(this.staging);
      this.held = 0;
    }
    while (data.length - offset > this.size) {
      onChunk(data.subarray(offset, offset + this.size));
      offset += this.size;
    }
    this.held = data.copy(this.staging, 0, offset);
  }

  /** The held-back bytes: the final chunk once the input has ended. */
  rest(): Buffer {
    return this.staging.subarray(0, this.held);
  }
}
