import { createHash } from 'node:crypto';
import { bech32 } from '@scure/base';
import { ValidationError } from '../../../lib/errors.js';
import { generateX25519, privateKeyFromRaw, rawPrivateKey, rawPublicKey } from './x25519.js';

const RECIPIENT_HRP = 'age';
const IDENTITY_HRP = 'age-secret-key-';

export interface GeneratedIdentity {
  /** AGE-SECRET-KEY-1...: the private key. Secret. */
  identity: string;
  /** age1...: the public key, safe to share and to store. */
  recipient: string;
}

export function generateIdentity(): GeneratedIdentity {
  const { privateKey, publicKey } = generateX25519();
  return { identity: encodeIdentity(rawPrivateKey(privateKey)), recipient: encodeRecipient(rawPublicKey(publicKey)) };
}

export function recipientFromIdentity(identity: string): string {
  return encodeRecipient(rawPublicKey(privateKeyFromRaw(parseIdentity(identity))));
}

export function encodeRecipient(point: Uint8Array): string {
  return bech32.encode(RECIPIENT_HRP, bech32.toWords(point), false);
}

export function encodeIdentity(scalar: Uint8Array): string {
  return bech32.encode(IDENTITY_HRP, bech32.toWords(scalar), false).toUpperCase();
}

/** age1... -> the 32-byte X25519 public key. */
export function parseRecipient(recipient: string): Buffer {
  const bytes = decodeBech32(recipient.trim(), RECIPIENT_HRP);
  // Recipients are lower case by convention; mixed case is already refused by bech32 itself.
  if (!bytes || bytes.length !== 32 || recipient.trim() !== recipient.trim().toLowerCase()) {
    throw new ValidationError('Invalid age recipient: expected a public key like age1... (age-keygen -y prints it)');
  }
  return bytes;
}

/** AGE-SECRET-KEY-1... -> the 32-byte X25519 scalar. The message never repeats the input: it is a secret. */
export function parseIdentity(identity: string): Buffer {
  const text = identity.trim();
  const bytes = text === text.toUpperCase() ? decodeBech32(text, IDENTITY_HRP) : null;
  if (!bytes || bytes.length !== 32) {
    throw new ValidationError('Invalid age identity: expected a secret key like AGE-SECRET-KEY-1...');
  }
  return bytes;
}

/**
 * Reads an age identity file: one AGE-SECRET-KEY-1... per line, `#` comments and blank lines ignored
 * (the format `age-keygen` and `lifeboat keygen` write).
 */
export function parseIdentityFile(text: string): string[] {
  const identities: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (!line.startsWith('AGE-SECRET-KEY-1')) {
      throw new ValidationError(`Unsupported identity on line ${index + 1} of the identity file: only X25519 keys (AGE-SECRET-KEY-1...) are supported`);
    }
    parseIdentity(line);
    identities.push(line);
  });
  if (identities.length === 0) throw new ValidationError('The identity file holds no AGE-SECRET-KEY-1... line');
  return identities;
}

/** The identity file `age-keygen` writes: creation time and public key as comments, then the secret key. */
export function formatIdentityFile(generated: GeneratedIdentity, created: Date): string {
  const timestamp = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `# created: ${timestamp}\n# public key: ${generated.recipient}\n${generated.identity}\n`;
}

/** A short, stable id for a recipient, for sidecars and logs (not secret, but shorter than the key). */
export function recipientFingerprint(recipient: string): string {
  return createHash('sha256').update(recipient.trim()).digest('hex').slice(0, 16);
}

function decodeBech32(text: string, hrp: string): Buffer | null {
  try {
    const decoded = bech32.decode(text as `${string}1${string}`, false);
    if (decoded.prefix !== hrp) return null;
    return Buffer.from(bech32.fromWords(decoded.words));
  } catch {
    return null;
  }
}
