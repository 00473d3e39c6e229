import type { Duplex } from 'node:stream';
import type { Sidecar } from '../../pipeline/sidecar.js';
import { createDecryptStage, parseIdentityFile } from '../../pipeline/stages/decrypt.js';

/** Keys given with one request (identity file text or passphrase). Kept in memory only, never stored or logged. */
export interface OneOffDecryption {
  identity?: string;
  passphrase?: string;
}

export type Decryption = { transform(): Duplex };

/**
 * THE injection point for finding how to decrypt a backup: `decryptionFor(sidecar, request)`. Today it uses
 * the keys given with the request; an encryption-profile lookup (sidecar.encryption.profileId) plugs in here.
 */
export type DecryptionFor = (sidecar: Sidecar, request: { decryption?: OneOffDecryption }) => Promise<Decryption | undefined>;

export const oneOffDecryptionFor: DecryptionFor = async (sidecar, request) => {
  const given = request.decryption;
  if (!sidecar.encryption || !given || (given.identity === undefined && given.passphrase === undefined)) return undefined;
  const identities = given.identity === undefined ? undefined : parseIdentityFile(given.identity);
  // Parse once now, so a malformed identity fails before anything is downloaded.
  createDecryptStage({ identities, passphrase: given.passphrase });
  return { transform: () => createDecryptStage({ identities, passphrase: given.passphrase }) };
};
