import type { KeyObject } from 'node:crypto';
import { decodeB64, encodeB64 } from './base64.js';
import type { Stanza } from './header.js';
import { aeadOpenOnce, aeadSealOnce, hkdf } from './primitives.js';
import { generateX25519, privateKeyFromRaw, rawPublicKey, x25519 } from './x25519.js';
import { IntegrityError } from './errors.js';

const INFO = 'age-encryption.org/v1/X25519';
export const X25519_TYPE = 'X25519';

/**
 * `-> X25519 <ephemeral share>`: a fresh ephemeral key agrees a secret with the recipient; HKDF over
 * (share || recipient) turns it into the key that seals the 16-byte file key.
 */
export function wrapX25519(fileKey: Uint8Array, recipientPoint: Uint8Array): Stanza {
  const ephemeral = generateX25519();
  const share = rawPublicKey(ephemeral.publicKey);
  const shared = x25519(ephemeral.privateKey, recipientPoint);
  if (!shared) throw new IntegrityError('The age recipient is a low-order point and cannot be encrypted to');
  const key = hkdf(shared, Buffer.concat([share, recipientPoint]), INFO);
  return { type: X25519_TYPE, args: [encodeB64(share)], body: aeadSealOnce(key, fileKey) };
}

/** An identity ready to try on stanzas: its private key object and its own public point (part of the HKDF salt). */
export interface X25519Identity {
  privateKey: KeyObject;
  point: Buffer;
}

export function x25519Identity(scalar: Uint8Array): X25519Identity {
  const privateKey = privateKeyFromRaw(scalar);
  return { privateKey, point: rawPublicKey(privateKey) };
}

/** The file key, or null when this stanza was not made for this identity. Malformed stanzas throw. */
export function unwrapX25519(stanza: Stanza, identity: X25519Identity): Buffer | null {
  if (stanza.args.length !== 1) throw malformed('an X25519 stanza needs exactly one argument');
  const share = decodeB64(stanza.args[0]!, 'an X25519 share', 32);
  if (stanza.body.length !== 32) throw malformed('an X25519 stanza body must hold 32 bytes');
  const shared = x25519(identity.privateKey, share);
  if (!shared) throw malformed('an X25519 share is a low-order point');
  const key = hkdf(shared, Buffer.concat([share, identity.point]), INFO);
  return aeadOpenOnce(key, stanza.body);
}

function malformed(detail: string): IntegrityError {
  return new IntegrityError(`Backup is damaged or was altered: malformed age header (${detail})`);
}
