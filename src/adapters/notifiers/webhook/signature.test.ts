import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './signature.js';

const SECRET = 'a-long-enough-signing-secret';

describe('webhook signature', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const header = signatureHeader(SECRET, '{"a":1}', 1_700_000_000);
    const expected = createHmac('sha256', SECRET).update('1700000000.{"a":1}').digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies the body it signed, and nothing else', () => {
    const header = signatureHeader(SECRET, 'body', 1_700_000_000);
    expect(verifySignature(SECRET, 'body', header, { now: 1_700_000_010 })).toBe(true);
    expect(verifySignature(SECRET, 'body ', header, { now: 1_700_000_010 })).toBe(false);
    expect(verifySignature('another-secret-value', 'body', header, { now: 1_700_000_010 })).toBe(false);
    expect(verifySignature(SECRET, 'body', header.replace('t=1700000000', 't=1700000001'), { now: 1_700_000_010 })).toBe(false);
    expect(verifySignature(SECRET, 'body', 'garbage', { now: 1_700_000_010 })).toBe(false);
  });

  it('rejects a replay older than the tolerance', () => {
    const header = signatureHeader(SECRET, 'body', 1_700_000_000);
    expect(verifySignature(SECRET, 'body', header, { now: 1_700_000_301 })).toBe(false);
  });
});
