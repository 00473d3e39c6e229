import { IntegrityError } from './errors.js';

const B64_CHARS = /^[A-Za-z0-9+/]*$/;

/** Standard base64 without padding, as age writes everywhere (stanza arguments, bodies, the MAC). */
export function encodeB64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').replace(/=+$/, '');
}

/**
 * Strict decoding: no padding, no stray characters, and canonical (re-encoding gives the same text),
 * because age rejects non-canonical encodings and so must we to stay byte-compatible.
 */
export function decodeB64(text: string, what: string, expectedLength?: number): Buffer {
  if (!B64_CHARS.test(text) || text.length % 4 === 1) throw malformed(what);
  const bytes = Buffer.from(text, 'base64');
  if (encodeB64(bytes) !== text) throw malformed(what);
  if (expectedLength !== undefined && bytes.length !== expectedLength) throw malformed(what);
  return bytes;
}

function malformed(what: string): IntegrityError {
  return new IntegrityError(`Backup is damaged or was altered: malformed age header (${what} is not valid base64)`);
}
