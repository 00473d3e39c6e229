import { createCipheriv } from 'node:crypto';
import { aeadOpen, aeadSeal, hkdf } from './primitives.js';

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
 * Chunk `index`'s nonce: the 11-byte big-endian counter, then 0x01 on the last chunk and 0x00 otherwise.
 * The flag is what makes truncation at a chunk boundary detectable.
 */
function chunkNonce(index: number, last: boolean): Buffer {
  if (index >= MAX_CHUNKS) throw new Error('age stream too long');
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(index, 5, 6);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** Chunk `index` sealed: its ciphertext, then the tag. */
export function sealChunk(key: Uint8Array, index: number, chunk: Uint8Array, last: boolean): Buffer {
  return aeadSeal(key, chunkNonce(index, last), chunk);
}

/** sealChunk, written straight into a batch's buffer. */
function sealChunkInto(key: Uint8Array, index: number, chunk: Uint8Array, last: boolean, out: Buffer, offset: number): void {
  const cipher = createCipheriv('chacha20-poly1305', key, chunkNonce(index, last), { authTagLength: TAG_SIZE });
  const written = cipher.update(chunk).copy(out, offset);
  cipher.final();
  cipher.getAuthTag().copy(out, offset + written);
}

/** Chunk `index`'s plaintext, only if its tag verified at that position with that flag; else null. */
export function openChunk(key: Uint8Array, index: number, sealed: Uint8Array, last: boolean): Buffer | null {
  return aeadOpen(key, chunkNonce(index, last), sealed);
}

/**
 * Seals a run of full chunks that are not the stream's last, numbered from `first`, into one buffer
 * (a batch: the unit the chunk workers take).
 */
export function sealChunks(key: Uint8Array, first: number, plaintext: Uint8Array): Buffer {
  const count = wholeChunks(plaintext.length, CHUNK_SIZE);
  const sealed = Buffer.allocUnsafeSlow(count * SEALED_CHUNK_SIZE);
  for (let i = 0; i < count; i++) {
    sealChunkInto(key, first + i, plaintext.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE), false, sealed, i * SEALED_CHUNK_SIZE);
  }
  return sealed;
}

export interface OpenedChunks {
  /** The plaintext of the chunks before the first one that failed: only authenticated bytes. */
  plaintext: Buffer;
  /** The first chunk that failed (its index in the stream), and whether it opens as a last chunk (data after the end). */
  failure?: { index: number; opensAsLast: boolean };
}

/** Opens a run of full sealed chunks that are not the stream's last, numbered from `first`; stops at the first failure. */
export function openChunks(key: Uint8Array, first: number, sealed: Uint8Array): OpenedChunks {
  const count = wholeChunks(sealed.length, SEALED_CHUNK_SIZE);
  const plaintext = Buffer.allocUnsafeSlow(count * CHUNK_SIZE);
  for (let i = 0; i < count; i++) {
    const chunk = sealed.subarray(i * SEALED_CHUNK_SIZE, (i + 1) * SEALED_CHUNK_SIZE);
    const opened = openChunk(key, first + i, chunk, false);
    if (!opened) {
      const failure = { index: first + i, opensAsLast: openChunk(key, first + i, chunk, true) !== null };
      return { plaintext: plaintext.subarray(0, i * CHUNK_SIZE), failure };
    }
    opened.copy(plaintext, i * CHUNK_SIZE);
  }
  return { plaintext };
}

function wholeChunks(length: number, size: number): number {
  if (length % size !== 0) throw new Error(`a batch of chunks must be a multiple of ${size} bytes`);
  return length / size;
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
