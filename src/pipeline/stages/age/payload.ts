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
 * chunk is the last is only known once more data (or the end) arrives. Chunks are handed out as views of
 * the input when they lie inside one write (no copy: writers never change a buffer once written), else
 * assembled in one reused staging buffer; either way, consume them synchronously.
 */
export class HoldLastChunker {
  private readonly staging: Buffer;
  private parts: Buffer[] = [];
  private head = 0;
  private length = 0;

  constructor(private readonly size: number) {
    this.staging = Buffer.allocUnsafe(size);
  }

  push(data: Buffer, onChunk: (chunk: Buffer) => void): void {
    if (data.length === 0) return;
    this.parts.push(data);
    this.length += data.length;
    while (this.length > this.size) onChunk(this.take());
    if (this.head > 64) this.compact();
  }

  /** The held-back bytes: the final chunk once the input has ended. */
  rest(): Buffer {
    const parts = this.parts.slice(this.head);
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  private take(): Buffer {
    const size = this.size;
    this.length -= size;
    const first = this.parts[this.head]!;
    if (first.length >= size) {
      this.consumeFront(first, size);
      return first.subarray(0, size);
    }
    let filled = 0;
    while (filled < size) {
      const part = this.parts[this.head]!;
      const count = Math.min(part.length, size - filled);
      part.copy(this.staging, filled, 0, count);
      this.consumeFront(part, count);
      filled += count;
    }
    return this.staging;
  }

  private consumeFront(part: Buffer, count: number): void {
    if (count === part.length) this.head++;
    else this.parts[this.head] = part.subarray(count);
  }

  private compact(): void {
    this.parts = this.parts.slice(this.head);
    this.head = 0;
  }
}
