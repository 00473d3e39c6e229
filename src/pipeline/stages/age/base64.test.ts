import { describe, expect, it } from 'vitest';
import { decodeB64, encodeB64 } from './base64.js';
import { IntegrityError } from './errors.js';

describe('age base64', () => {
  it('encodes without padding', () => {
    expect(encodeB64(Buffer.from('a'))).toBe('YQ');
    expect(encodeB64(Buffer.from('ab'))).toBe('YWI');
    expect(encodeB64(Buffer.from('abc'))).toBe('YWJj');
    expect(encodeB64(Buffer.alloc(0))).toBe('');
  });

  it('decodes canonical text and checks the length', () => {
    expect(decodeB64('YWI', 'x').toString()).toBe('ab');
    expect(() => decodeB64('YWI', 'x', 3)).toThrow(IntegrityError);
  });

  it.each([
    ['padding', 'YQ=='],
    ['non-canonical trailing bits', 'YR'],
    ['url-safe alphabet', 'ab-_'],
    ['whitespace', 'YW I'],
    ['impossible length', 'YWJjZ'],
  ])('rejects %s', (_name, text) => {
    expect(() => decodeB64(text, 'a test value')).toThrow(/malformed age header \(a test value is not valid base64\)/);
  });
});
