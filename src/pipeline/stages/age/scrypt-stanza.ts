import { randomBytes, scrypt } from 'node:crypto';
import { ValidationError } from '../../../lib/errors.js';
import { decodeB64, encodeB64 } from './base64.js';
import { IntegrityError } from './errors.js';
import type { Stanza } from './header.js';
import { aeadOpenOnce, aeadSealOnce } from './primitives.js';

const SALT_LABEL = 'age-encryption.org/v1/scrypt';
export const SCRYPT_TYPE = 'scrypt';
/** age's own default: about a second of work on a laptop. */
export const DEFAULT_WORK_FACTOR = 18;
/** Refuse costlier files when decrypting: 2^22 already needs 4 GiB of memory; more would be a denial of service. */
export const MAX_WORK_FACTOR = 22;

/** `-> scrypt <salt> <log2 N>`: the passphrase, stretched by scrypt, seals the file key. */
export async function wrapScrypt(fileKey: Uint8Array, passphrase: string, workFactor = DEFAULT_WORK_FACTOR): Promise<Stanza> {
  if (!Number.isInteger(workFactor) || workFactor < 1 || workFactor > MAX_WORK_FACTOR) {
    throw new ValidationError(`The scrypt work factor must be an integer from 1 to ${MAX_WORK_FACTOR}`);
  }
  const salt = randomBytes(16);
  const key = await deriveKey(passphrase, salt, workFactor);
  return { type: SCRYPT_TYPE, args: [encodeB64(salt), String(workFactor)], body: aeadSealOnce(key, fileKey) };
}

/** The file key, or null when the passphrase is wrong. Malformed stanzas and excessive work factors throw. */
export async function unwrapScrypt(stanza: Stanza, passphrase: string, maxWorkFactor = MAX_WORK_FACTOR): Promise<Buffer | null> {
  if (stanza.args.length !== 2) throw malformed('a scrypt stanza needs exactly two arguments');
  const salt = decodeB64(stanza.args[0]!, 'a scrypt salt', 16);
  const factorText = stanza.args[1]!;
  if (!/^[1-9][0-9]?$/.test(factorText)) throw malformed('invalid scrypt work factor');
  const workFactor = Number(factorText);
  if (workFactor > maxWorkFactor) {
    throw new ValidationError(
      `This file asks for a scrypt work factor of ${workFactor} (2^${workFactor}); the limit is ${maxWorkFactor}. Decrypt it with \`age -d\` if you trust it.`,
    );
  }
  if (stanza.body.length !== 32) throw malformed('a scrypt stanza body must hold 32 bytes');
  return aeadOpenOnce(await deriveKey(passphrase, salt, workFactor), stanza.body);
}

function deriveKey(passphrase: string, salt: Buffer, workFactor: number): Promise<Buffer> {
  const N = 2 ** workFactor;
  const r = 8;
  // Node refuses scrypt above 32 MiB by default; this needs 128 * N * r bytes, plus headroom.
  const maxmem = 128 * N * r * 2;
  return new Promise((resolve, reject) => {
    scrypt(passphrase, Buffer.concat([Buffer.from(SALT_LABEL), salt]), 32, { N, r, p: 1, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function malformed(detail: string): IntegrityError {
  return new IntegrityError(`Backup is damaged or was altered: malformed age header (${detail})`);
}
