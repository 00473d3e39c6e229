import { describe, expect, it } from 'vitest';
import { generateIdentity, recipientFingerprint } from '../../pipeline/stages/encrypt.js';
import { decryptionFrom } from './decryption-for.js';

const alice = generateIdentity();
const bob = generateIdentity();
const toAlice = { algorithm: 'age' as const, profileId: 'p1', recipients: [recipientFingerprint(alice.recipient)], passphrase: false };
const withPassphrase = { algorithm: 'age' as const, profileId: 'p2', recipients: [], passphrase: true };

describe('choosing decryption keys', () => {
  it('uses the stored identity, or one given for this restore', () => {
    expect(decryptionFrom(toAlice, { profileName: 'team', identities: [alice.identity] }, {}).transform()).toBeDefined();
    expect(decryptionFrom(toAlice, { profileName: null, identities: [] }, { identity: `# comment\n${alice.identity}\n` }).transform()).toBeDefined();
  });

  it('asks for the identity of a write-only profile, naming it and never echoing keys', () => {
    expect(() => decryptionFrom(toAlice, { profileName: 'offline only', identities: [] }, {})).toThrow(/write-only.*give the identity/);
    expect(() => decryptionFrom(toAlice, { profileName: 'offline only', identities: [] }, {})).toThrow(/"offline only"/);
  });

  it('refuses an identity that matches no recipient before anything is read', () => {
    let message = '';
    try {
      decryptionFrom(toAlice, { profileName: null, identities: [] }, { identity: bob.identity });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/does not match any recipient/);
    expect(message).not.toContain(bob.identity);
  });

  it('prefers a passphrase given now over the stored one, and asks when there is none', () => {
    expect(decryptionFrom(withPassphrase, { profileName: 'p', identities: [], passphrase: 'stored pass' }, {}).transform()).toBeDefined();
    expect(decryptionFrom(withPassphrase, { profileName: null, identities: [] }, { passphrase: 'given pass' }).transform()).toBeDefined();
    expect(() => decryptionFrom(withPassphrase, { profileName: null, identities: [] }, {})).toThrow(/give the passphrase/);
  });
});
