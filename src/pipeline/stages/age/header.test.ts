import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lib/errors.js';
import { IntegrityError } from './errors.js';
import { parseHeader, serializeHeaderBody, serializeMacLine, wrapBody, type Stanza } from './header.js';

const MAC = Buffer.alloc(32, 7);

function headerBytes(stanzas: Stanza[], tail = ''): Buffer {
  return Buffer.from(serializeHeaderBody(stanzas) + serializeMacLine(MAC) + tail, 'latin1');
}

describe('age header', () => {
  it('wraps bodies at 64 columns, always ending with a short (possibly empty) line', () => {
    expect(wrapBody('')).toBe('\n');
    expect(wrapBody('a'.repeat(63))).toBe(`${'a'.repeat(63)}\n`);
    expect(wrapBody('a'.repeat(64))).toBe(`${'a'.repeat(64)}\n\n`);
    expect(wrapBody('a'.repeat(65))).toBe(`${'a'.repeat(64)}\na\n`);
  });

  it('serializes the version line, stanzas and the MAC marker', () => {
    const text = serializeHeaderBody([{ type: 'X25519', args: ['AAAA'], body: Buffer.alloc(32, 1) }]);
    expect(text).toBe('age-encryption.org/v1\n-> X25519 AAAA\nAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE\n---');
  });

  it('round-trips stanzas of every body length class and reports where the payload starts', () => {
    const stanzas: Stanza[] = [
      { type: 'X25519', args: ['c2hhcmU'], body: Buffer.alloc(32, 2) },
      { type: 'grease-x', args: ['a', 'b'], body: Buffer.alloc(0) },
      { type: 'long', args: [], body: Buffer.alloc(48, 3) }, // exactly 64 base64 characters
      { type: 'longer', args: [], body: Buffer.alloc(100, 4) },
    ];
    const bytes = headerBytes(stanzas, 'PAYLOAD');
    const parsed = parseHeader(bytes)!;
    expect(parsed.stanzas).toEqual(stanzas);
    expect(parsed.mac).toEqual(MAC);
    expect(bytes.subarray(parsed.length).toString()).toBe('PAYLOAD');
    expect(parsed.macInput.toString('latin1')).toBe(serializeHeaderBody(stanzas));
  });

  it('waits for more bytes while the MAC line is incomplete', () => {
    const bytes = headerBytes([{ type: 'X25519', args: ['AAAA'], body: Buffer.alloc(32) }]);
    for (const cut of [0, 5, 30, bytes.length - 1]) expect(parseHeader(bytes.subarray(0, cut))).toBeNull();
    expect(parseHeader(bytes)).not.toBeNull();
  });

  it('tells non-age input apart from a damaged header', () => {
    expect(() => parseHeader(Buffer.from('PK\x03\x04 zip file'))).toThrow(/Not an age-encrypted file/);
    expect(() => parseHeader(Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----\n'))).toThrow(/armored/);
    expect(() => parseHeader(Buffer.from('age-encryption.org/v2\n'))).toThrow(/Unsupported age format version/);
    expect(() => parseHeader(Buffer.from('age-encryption.org/v1\n'))).not.toThrow();
  });

  const valid = 'age-encryption.org/v1\n-> X25519 AAAA\nAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE\n--- BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc\n';
  it.each([
    ['no stanza', 'age-encryption.org/v1\n--- BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc\n'],
    ['an empty argument', valid.replace('-> X25519 AAAA', '-> X25519  AAAA')],
    ['a carriage return', valid.replace('-> X25519 AAAA\n', '-> X25519 AAAA\r\n')],
    ['a body line over 64 columns', valid.replace('AQEB', 'A'.repeat(70))],
    ['a stray line', valid.replace('-> X25519', 'junk\n-> X25519')],
    ['a short MAC', valid.replace('--- BwcH', '--- ')],
    ['a non-canonical body', valid.replace('AQE\n', 'AQF\n')],
    ['a non-ASCII byte', valid.replace('X25519', 'X2551\u00e9')],
  ])('rejects a header with %s', (_name, text) => {
    expect(() => parseHeader(Buffer.from(text, 'latin1'))).toThrow(IntegrityError);
  });

  it('accepts the valid sample the rejections derive from', () => {
    expect(parseHeader(Buffer.from(valid))?.stanzas).toHaveLength(1);
  });

  it('gives up on endless input that never closes the header', () => {
    const junk = Buffer.concat([Buffer.from('age-encryption.org/v1\n-> x\n'), Buffer.alloc(2 << 20, 0x41)]);
    expect(() => parseHeader(junk)).toThrow(ValidationError);
  });
});
