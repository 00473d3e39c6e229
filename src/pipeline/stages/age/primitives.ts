import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';

/** age's one key-derivation step: HKDF-SHA256 with a 32-byte output. */
export function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** ChaCha20-Poly1305 seal: ciphertext followed by the 16-byte tag. */
export function aeadSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Opens what aeadSeal sealed; null when the tag does not verify (wrong key, nonce or altered bytes). */
export function aeadOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer | null {
  if (sealed.length < 16) return null;
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const plaintext = decipher.update(sealed.subarray(0, sealed.length - 16));
  try {
    decipher.final();
  } catch {
    return null;
  }
  return plaintext;
}

/** Each wrapping key is used exactly once, so age seals file keys with an all-zero nonce. */
const ZERO_NONCE = Buffer.alloc(12);

export function aeadSealOnce(key: Uint8Array, plaintext: Uint8Array): Buffer {
  return aeadSeal(key, ZERO_NONCE, plaintext);
}

export function aeadOpenOnce(key: Uint8Array, sealed: Uint8Array): Buffer | null {
  return aeadOpen(key, ZERO_NONCE, sealed);
}
