import { randomBytes, timingSafeEqual } from 'node:crypto';
import { IntegrityError, WrongKeyError } from './errors.js';
import { serializeHeaderBody, serializeMacLine, type ParsedHeader, type Stanza } from './header.js';
import { hkdf, hmacSha256 } from './primitives.js';
import { SCRYPT_TYPE, unwrapScrypt } from './scrypt-stanza.js';
import { unwrapX25519, X25519_TYPE, type X25519Identity } from './x25519-stanza.js';

export const FILE_KEY_SIZE = 16;

export function newFileKey(): Buffer {
  return randomBytes(FILE_KEY_SIZE);
}

/** The complete header (stanzas, `---`, MAC line), authenticated with a key derived from the file key. */
export function buildHeader(stanzas: Stanza[], fileKey: Uint8Array): Buffer {
  const body = serializeHeaderBody(stanzas);
  const mac = headerMac(fileKey, Buffer.from(body, 'latin1'));
  return Buffer.from(body + serializeMacLine(mac), 'latin1');
}

export function headerMac(fileKey: Uint8Array, macInput: Uint8Array): Buffer {
  return hmacSha256(hkdf(fileKey, Buffer.alloc(0), 'header'), macInput);
}

export interface DecryptionKeys {
  identities: X25519Identity[];
  passphrase?: string;
  maxWorkFactor?: number;
}

/** Finds the file key in the header's stanzas with the keys given, then checks the header MAC with it. */
export async function openHeader(header: ParsedHeader, keys: DecryptionKeys): Promise<Buffer> {
  const fileKey = await unwrapFileKey(header.stanzas, keys);
  const expected = headerMac(fileKey, header.macInput);
  if (!timingSafeEqual(expected, header.mac)) {
    throw new IntegrityError('Backup is damaged or was altered: the age header failed authentication');
  }
  return fileKey;
}

async function unwrapFileKey(stanzas: Stanza[], keys: DecryptionKeys): Promise<Buffer> {
  const scrypt = stanzas.filter((stanza) => stanza.type === SCRYPT_TYPE);
  if (scrypt.length > 0) {
    // The spec forbids mixing: a passphrase file with extra stanzas could be readable by someone else too.
    if (stanzas.length > 1) throw new IntegrityError('Backup is damaged or was altered: a passphrase (scrypt) stanza must be the only one in the header');
    if (keys.passphrase === undefined) throw new WrongKeyError('This backup is encrypted with a passphrase: give the passphrase instead of an identity');
    const fileKey = await unwrapScrypt(scrypt[0]!, keys.passphrase, keys.maxWorkFactor);
    if (!fileKey) throw new WrongKeyError('Wrong passphrase: it does not decrypt this backup (or its header was altered)');
    return fileKey;
  }
  if (keys.identities.length === 0) {
    throw new WrongKeyError('This backup is encrypted to public keys, not a passphrase: give an identity (AGE-SECRET-KEY-1...) matching one of them');
  }
  for (const stanza of stanzas.filter((candidate) => candidate.type === X25519_TYPE)) {
    for (const identity of keys.identities) {
      const fileKey = unwrapX25519(stanza, identity);
      if (fileKey) return fileKey;
    }
  }
  throw new WrongKeyError('None of the given identities can decrypt this backup: it was encrypted to other recipients, or its header was altered');
}
