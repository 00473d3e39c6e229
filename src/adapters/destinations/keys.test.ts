import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/errors.js';
import { assertValidKey, assertValidPrefix, isTemporaryKey, temporaryKey } from './keys.js';

describe('assertValidKey', () => {
  it.each([
    'a.bin',
    'jobs/nightly/2026-01-01T00-00-00Z.sql.zst',
    'données/日本語 ü.bin',
    'a..b/c...d',
    '.hidden/x',
  ])('accepts %j', (key) => {
    expect(assertValidKey(key)).toBe(key);
  });

  it.each([
    ['', 'empty'],
    ['../x', 'segment'],
    ['a/../../x', 'segment'],
    ['a/./x', 'segment'],
    ['/etc/passwd', 'absolute'],
    ['C:/x', 'absolute'],
    ['a\\b', 'backslash'],
    ['a//b', 'empty segment'],
    ['a/', 'empty segment'],
    ['a\u0000b', 'control'],
    ['a\nb', 'control'],
    ['a\u007fb', 'control'],
    ['x'.repeat(1025), 'longer'],
    ['é'.repeat(513), 'longer'],
    ['a.bin.partial-abc123', 'reserved'],
  ])('rejects %j (%s)', (key, reason) => {
    expect(() => assertValidKey(key)).toThrow(ValidationError);
    expect(() => assertValidKey(key)).toThrow(new RegExp(reason));
  });
});

describe('assertValidPrefix', () => {
  it.each(['', 'jobs/', 'jobs/ab', 'a'])('accepts %j', (prefix) => {
    expect(assertValidPrefix(prefix)).toBe(prefix);
  });

  it.each(['../', 'a/../', '/abs', 'a//b', '..', 'a\\b'])('rejects %j', (prefix) => {
    expect(() => assertValidPrefix(prefix)).toThrow(ValidationError);
  });
});

it('names temporary uploads so listings can hide them', () => {
  expect(isTemporaryKey(temporaryKey('a/b.bin', 'f00d'))).toBe(true);
  expect(isTemporaryKey('a/b.bin')).toBe(false);
});
