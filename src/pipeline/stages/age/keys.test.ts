import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lib/errors.js';
import {
  encodeIdentity,
  formatIdentityFile,
  generateIdentity,
  parseIdentity,
  parseIdentityFile,
  parseRecipient,
  recipientFingerprint,
  recipientFromIdentity,
} from './keys.js';

// Scalar 0x01..0x20; the recipient was computed by Debian's `age-keygen -y` from this identity.
const KAT_SCALAR = Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1));
const KAT_IDENTITY = 'AGE-SECRET-KEY-1QYPQXPQ9QCRSSZG2PVXQ6RS0ZQG3YYC5Z5TPWXQERGD3C8G7RUSQGPQYEE';
const KAT_RECIPIENT = 'age1q73he0q5yzfu3d64msd3p6rvksnrwjk3d2598mgtmlqt9wrdr37q2vrn72';

describe('age keys', () => {
  it('encodes identities as upper-case bech32 and derives the recipient age-keygen derives', () => {
    expect(encodeIdentity(KAT_SCALAR)).toBe(KAT_IDENTITY);
    expect(parseIdentity(KAT_IDENTITY)).toEqual(KAT_SCALAR);
    expect(recipientFromIdentity(KAT_IDENTITY)).toBe(KAT_RECIPIENT);
  });

  it('generates matching pairs', () => {
    const { identity, recipient } = generateIdentity();
    expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(recipientFromIdentity(identity)).toBe(recipient);
    expect(parseRecipient(recipient)).toHaveLength(32);
  });

  it('rejects malformed recipients', () => {
    const broken = KAT_RECIPIENT.slice(0, -1) + (KAT_RECIPIENT.endsWith('2') ? '3' : '2');
    for (const bad of [broken, KAT_RECIPIENT.toUpperCase(), KAT_IDENTITY, 'age1', 'ssh-ed25519 AAAA']) {
      expect(() => parseRecipient(bad)).toThrow(ValidationError);
    }
  });

  it('rejects malformed identities without echoing them', () => {
    for (const bad of [KAT_IDENTITY.toLowerCase(), KAT_IDENTITY.slice(0, -1) + 'Q', KAT_RECIPIENT]) {
      expect(() => parseIdentity(bad)).toThrow(ValidationError);
      try {
        parseIdentity(bad);
      } catch (error) {
        expect((error as Error).message).not.toContain(bad);
      }
    }
  });

  it('writes and reads the identity file format', () => {
    const text = formatIdentityFile({ identity: KAT_IDENTITY, recipient: KAT_RECIPIENT }, new Date('2026-03-04T05:06:07.890Z'));
    expect(text).toBe(`# created: 2026-03-04T05:06:07Z\n# public key: ${KAT_RECIPIENT}\n${KAT_IDENTITY}\n`);
    expect(parseIdentityFile(`${text}\r\n\n${KAT_IDENTITY}\n`)).toEqual([KAT_IDENTITY, KAT_IDENTITY]);
    expect(() => parseIdentityFile('# only a comment\n')).toThrow(/no AGE-SECRET-KEY-1/);
    expect(() => parseIdentityFile('AGE-PLUGIN-YUBIKEY-1XYZ\n')).toThrow(/line 1/);
  });

  it('fingerprints recipients with 16 hex digits', () => {
    expect(recipientFingerprint(KAT_RECIPIENT)).toMatch(/^[0-9a-f]{16}$/);
    expect(recipientFingerprint(` ${KAT_RECIPIENT}\n`)).toBe(recipientFingerprint(KAT_RECIPIENT));
  });
});
