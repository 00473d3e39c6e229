import { createDecipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, HoldLastChunker, openChunk, openChunks, SEALED_CHUNK_SIZE, sealChunk, sealChunks } from './payload.js';

describe('STREAM payload', () => {
  it('uses an 11-byte big-endian counter and a last-chunk flag as the nonce', () => {
    const key = randomBytes(32);
    const sealed = sealChunk(key, 1, Buffer.from('second'), true);
    const nonce = Buffer.alloc(12);
    nonce[10] = 1; // counter 1
    nonce[11] = 1; // last
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    decipher.setAuthTag(sealed.subarray(-16));
    expect(Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]).toString()).toBe('second');
  });

  it('opens chunks only at their position and with the right last flag', () => {
    const key = randomBytes(32);
    const first = sealChunk(key, 0, Buffer.from('a'), false);
    const second = sealChunk(key, 1, Buffer.from('b'), true);
    expect(openChunk(key, 0, second, true)).toBeNull(); // wrong position
    expect(openChunk(key, 0, first, true)).toBeNull(); // wrong flag
    expect(openChunk(key, 0, first, false)?.toString()).toBe('a');
    expect(openChunk(key, 1, second, false)).toBeNull();
    expect(openChunk(key, 1, second, true)?.toString()).toBe('b');
    expect(openChunk(key, 1, second.subarray(0, 15), true)).toBeNull(); // shorter than a tag
  });

  it('seals and opens batches of middle chunks exactly as chunk by chunk', () => {
    const key = randomBytes(32);
    const plaintext = randomBytes(3 * CHUNK_SIZE);
    const sealed = sealChunks(key, 5, plaintext);
    const one = (i: number) => sealChunk(key, 5 + i, plaintext.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE), false);
    expect(sealed.equals(Buffer.concat([one(0), one(1), one(2)]))).toBe(true);
    expect(openChunks(key, 5, sealed)).toEqual({ plaintext });
    expect(() => sealChunks(key, 0, plaintext.subarray(1))).toThrow(/multiple of 65536/);
  });

  it('opens a batch up to the first chunk that fails, and says whether that one was sealed as the last', () => {
    const key = randomBytes(32);
    const plaintext = randomBytes(3 * CHUNK_SIZE);
    const altered = sealChunks(key, 0, plaintext);
    altered[SEALED_CHUNK_SIZE + 7]! ^= 1;
    expect(openChunks(key, 0, altered)).toEqual({ plaintext: plaintext.subarray(0, CHUNK_SIZE), failure: { index: 1, opensAsLast: false } });
    const endsEarly = Buffer.concat([sealChunk(key, 0, plaintext.subarray(0, CHUNK_SIZE), true), sealChunk(key, 1, plaintext.subarray(0, CHUNK_SIZE), false)]);
    expect(openChunks(key, 0, endsEarly)).toEqual({ plaintext: Buffer.alloc(0), failure: { index: 0, opensAsLast: true } });
  });

  it('cuts any sequence of writes into the same chunks, holding the last one back', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }), fc.integer({ min: 1, max: 9 }), (sizes, size) => {
        const data = Buffer.from(sizes.flatMap((n, i) => Array.from({ length: n }, (_, j) => (i * 31 + j) & 0xff)));
        const chunker = new HoldLastChunker(size);
        const chunks: Buffer[] = [];
        let offset = 0;
        for (const n of sizes) {
          chunker.push(data.subarray(offset, offset + n), (chunk) => chunks.push(Buffer.from(chunk)));
          offset += n;
        }
        const rest = chunker.rest();
        expect(chunks.every((chunk) => chunk.length === size)).toBe(true);
        expect(rest.length).toBe(data.length === 0 ? 0 : data.length - chunks.length * size);
        expect(rest.length > 0 || data.length === 0).toBe(true);
        expect(Buffer.concat([...chunks, rest])).toEqual(data);
      }),
    );
  });
});
