import type { Transform } from 'node:stream';
import { ValidationError } from '../../lib/errors.js';
import { AgeEncryptTransform, type StanzaMaker } from './age/encrypt-transform.js';
import { parseRecipient, recipientFingerprint } from './age/keys.js';
import { DEFAULT_WORK_FACTOR, wrapScrypt } from './age/scrypt-stanza.js';
import { wrapX25519 } from './age/x25519-stanza.js';

export interface EncryptOptions {
  /** age1... public keys; anyone holding a matching identity can decrypt. */
  recipients?: string[];
  /** Alternative to recipients (age forbids mixing the two in one file). */
  passphrase?: string;
  /** log2 of scrypt's N for passphrase files; age's default 18 unless there is a reason. */
  scryptWorkFactor?: number;
}

/** What the sidecar records about encryption: never key material. */
export interface EncryptionInfo {
  algorithm: 'age';
  mode: 'recipients' | 'passphrase';
  /** sha256 of each recipient string, first 16 hex digits; empty for a passphrase. */
  recipientFingerprints: string[];
}

export interface EncryptStage {
  info: EncryptionInfo;
  /** A fresh transform (own file key and nonce) for one artifact: plaintext in, age v1 file out. */
  transform(): Transform;
}

/** The backup pipeline's encrypt stage, writing the age v1 format that `age -d` reads. */
export function createEncryptStage(options: EncryptOptions): EncryptStage {
  const recipients = options.recipients ?? [];
  const { passphrase } = options;
  if (recipients.length > 0 && passphrase !== undefined) {
    throw new ValidationError('Encrypt to recipients or with a passphrase, not both (the age format forbids mixing them)');
  }
  if (passphrase !== undefined) {
    if (passphrase.length === 0) throw new ValidationError('The encryption passphrase is empty');
    const workFactor = options.scryptWorkFactor ?? DEFAULT_WORK_FACTOR;
    const makeStanzas: StanzaMaker = async (fileKey) => [await wrapScrypt(fileKey, passphrase, workFactor)];
    return stage({ algorithm: 'age', mode: 'passphrase', recipientFingerprints: [] }, makeStanzas);
  }
  if (recipients.length === 0) throw new ValidationError('Encryption needs at least one age1... recipient or a passphrase');
  const points = recipients.map(parseRecipient);
  const makeStanzas: StanzaMaker = async (fileKey) => points.map((point) => wrapX25519(fileKey, point));
  return stage({ algorithm: 'age', mode: 'recipients', recipientFingerprints: recipients.map(recipientFingerprint) }, makeStanzas);
}

function stage(info: EncryptionInfo, makeStanzas: StanzaMaker): EncryptStage {
  return { info, transform: () => new AgeEncryptTransform(makeStanzas) };
}

export { formatIdentityFile, generateIdentity, parseIdentityFile, recipientFingerprint, recipientFromIdentity } from './age/keys.js';
export type { GeneratedIdentity } from './age/keys.js';
