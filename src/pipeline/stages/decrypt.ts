import type { Transform } from 'node:stream';
import { ValidationError } from '../../lib/errors.js';
import { AgeDecryptTransform } from './age/decrypt-transform.js';
import { parseIdentity } from './age/keys.js';
import { MAX_WORK_FACTOR } from './age/scrypt-stanza.js';
import { x25519Identity } from './age/x25519-stanza.js';

export interface DecryptOptions {
  /** AGE-SECRET-KEY-1... private keys; any one matching a recipient of the file suffices. */
  identities?: string[];
  passphrase?: string;
  /** Highest scrypt work factor accepted (log2 N); files asking more are refused to bound memory and time. */
  maxWorkFactor?: number;
}

/**
 * The restore pipeline's decrypt stage: an age v1 file in, plaintext out. Every byte it emits was
 * authenticated; damage, truncation and wrong keys error the stream (IntegrityError, WrongKeyError).
 */
export function createDecryptStage(options: DecryptOptions): Transform {
  const identities = (options.identities ?? []).map((identity) => x25519Identity(parseIdentity(identity)));
  if (identities.length === 0 && options.passphrase === undefined) {
    throw new ValidationError('Decryption needs an identity (AGE-SECRET-KEY-1...) or a passphrase');
  }
  return new AgeDecryptTransform({
    identities,
    passphrase: options.passphrase,
    maxWorkFactor: options.maxWorkFactor ?? MAX_WORK_FACTOR,
  });
}

export { IntegrityError, WrongKeyError } from './age/errors.js';
export { parseIdentityFile } from './age/keys.js';
