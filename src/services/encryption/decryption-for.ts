import type { Duplex } from 'node:stream';
import type { EncryptionInfo } from '../../pipeline/sidecar.js';
import { createDecryptStage, parseIdentityFile } from '../../pipeline/stages/decrypt.js';
import { recipientFingerprint, recipientFromIdentity } from '../../pipeline/stages/encrypt.js';
import { ValidationError } from '../../lib/errors.js';

export type Decryption = { transform(): Duplex };

/** Keys given with one restore: identity file text (or one AGE-SECRET-KEY-1... line) or a passphrase. */
export interface OneOffKeys {
  identity?: string;
  passphrase?: string;
}

/** What Lifeboat itself holds for a backup, from the profile that wrote it. */
export interface StoredKeys {
  profileName: string | null;
  identities: string[];
  passphrase?: string;
}

/**
 * Chooses the keys for one encrypted backup and checks them before anything is downloaded: a missing key or
 * an identity that matches none of the backup's recipients is a clear ValidationError, never a failed restore
 * half-way. Messages never repeat key material.
 */
export function decryptionFrom(info: EncryptionInfo, stored: StoredKeys, given: OneOffKeys): Decryption {
  const profile = stored.profileName ? ` (encryption profile "${stored.profileName}")` : info.profileId ? ` (encryption profile ${info.profileId}, not in this Lifeboat)` : '';
  if (info.passphrase) {
    const passphrase = given.passphrase ?? stored.passphrase;
    if (passphrase === undefined) throw new ValidationError(`This backup is encrypted with a passphrase${profile} that Lifeboat does not hold: give the passphrase to restore it`);
    createDecryptStage({ passphrase });
    return { transform: () => createDecryptStage({ passphrase }) };
  }
  const identities = [...stored.identities, ...(given.identity === undefined ? [] : parseIdentityFile(given.identity))];
  if (identities.length === 0) {
    throw new ValidationError(
      `This backup is encrypted to public key(s) ${info.recipients.join(', ')}${profile}, and Lifeboat does not hold a matching private key ` +
        '(a write-only profile): give the identity (AGE-SECRET-KEY-1..., the identity file kept offline) to restore it',
    );
  }
  const matching = identities.filter((identity) => info.recipients.includes(recipientFingerprint(recipientFromIdentity(identity))));
  if (matching.length === 0) {
    throw new ValidationError(`The identity given does not match any recipient of this backup (fingerprints ${info.recipients.join(', ')})${profile}: give the identity of one of them`);
  }
  createDecryptStage({ identities: matching });
  return { transform: () => createDecryptStage({ identities: matching }) };
}
