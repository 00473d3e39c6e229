import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';

// node:crypto imports raw X25519 keys only wrapped in DER; these are the fixed ASN.1 prefixes (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export function privateKeyFromRaw(scalar: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, scalar]), format: 'der', type: 'pkcs8' });
}

export function publicKeyFromRaw(point: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, point]), format: 'der', type: 'spki' });
}

export function rawPublicKey(key: KeyObject): Buffer {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}

export function rawPrivateKey(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  return der.subarray(der.length - 32);
}

export function generateX25519(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('x25519');
}

/**
 * X25519(scalar, point). Returns null for an all-zero result (a low-order point), which age requires
 * rejecting: such a share would make the wrapping key predictable.
 */
export function x25519(privateKey: KeyObject, point: Uint8Array): Buffer | null {
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey, publicKey: publicKeyFromRaw(point) });
  } catch {
    return null; // OpenSSL itself refuses some low-order points
  }
  return shared.every((byte) => byte === 0) ? null : shared;
}
