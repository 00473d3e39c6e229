import { createDecipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HoldLastChunker, StreamOpener, StreamSealer } from './payload.js';

describe('STREAM payload', () => {
  it('uses an 11-byte big-endian counter and a last-chunk flag as the nonce', () => {
    const key = randomBytes(32);
    const sealer = new StreamSealer(key);
    const out: Buffer[] = [];
    sealer.seal(Buffer.from('first'), false, out);
    sealer.seal(Buffer.from('second'), true, out);
    const nonce = Buffer.alloc(12);
    nonce[10] = 1; // counter 1
    nonce[11] = 1; // last
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    decipher.setAuthTag(out[3]!);
    expect(Buffer.concat([decipher.update(out[2]!), decipher.final()]).toString()).toBe('second');
  });

  it('opens chunks only in order and with the right last flag', () => {
    const key = randomBytes(32);
    const out: Buffer[] = [];
    const sealer = new StreamSealer(key);
    sealer.seal(Buffer.from('a'), false, out);
    sealer.seal(Buffer.from('b'), true, out);
    const first = Buffer.concat([out[0]!, out[1]!]);
    const second = Buffer.concat([out[2]!, out[3]!]);
    expect(new StreamOpener(key).open(second, true)).toBeNull(); // wrong position
    expect(new StreamOpener(key).open(first, true)).toBeNull(); // wrong flag
    const opener = new StreamOpener(key);
    expect(opener.open(first, false)?.toString()).toBe('a');
    expect(opener.wouldOpen(second, false)).toBe(false);
    expect(opener.open(second, true)?.toString()).toBe('b');
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
