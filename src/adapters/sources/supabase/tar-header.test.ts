import { describe, expect, it } from 'vitest';
import { BLOCK, padding, tarHeader, tarTrailer } from './tar-header.js';

const mtime = new Date('2024-01-02T03:04:05Z');

function checksumOk(block: Buffer): boolean {
  const stored = parseInt(block.subarray(148, 156).toString().replace(/[\0 ]/g, ''), 8);
  const copy = Buffer.from(block);
  copy.fill(' ', 148, 156);
  return stored === copy.reduce((sum, byte) => sum + byte, 0);
}

describe('tar headers', () => {
  it('writes a plain ustar header for short ASCII names', () => {
    const header = tarHeader({ name: 'bucket/a.txt', size: 1234, mtime });
    expect(header.length).toBe(BLOCK);
    expect(header.subarray(0, 12).toString()).toBe('bucket/a.txt');
    expect(header.subarray(124, 136).toString()).toBe(`${(1234).toString(8).padStart(11, '0')}\0`);
    expect(header.subarray(257, 265).toString()).toBe('ustar\x0000');
    expect(checksumOk(header)).toBe(true);
  });

  it('puts long or unicode names in a pax record whose length counts itself', () => {
    const name = `bucket/${'ü'.repeat(80)}`;
    const header = tarHeader({ name, size: 1, mtime });
    expect(header.length).toBe(BLOCK * 3);
    expect(String.fromCharCode(header[156]!)).toBe('x');
    const size = parseInt(header.subarray(124, 135).toString(), 8);
    const record = header.subarray(BLOCK, BLOCK + size).toString('utf8');
    expect(record).toBe(`${size} path=${name}\n`);
    expect(checksumOk(header.subarray(0, BLOCK)) && checksumOk(header.subarray(BLOCK * 2))).toBe(true);
  });

  it('pads data to whole blocks and ends with two zero blocks', () => {
    expect(padding(0).length).toBe(0);
    expect(padding(1).length).toBe(511);
    expect(padding(512).length).toBe(0);
    expect(tarTrailer().equals(Buffer.alloc(1024))).toBe(true);
  });
});
