import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createDecryptStage, type DecryptOptions } from '../decrypt.js';

// Both files were written by Debian's age 1.1.1 from the plaintext below:
//   age -r age1q73he0q5yzfu3d64msd3p6rvksnrwjk3d2598mgtmlqt9wrdr37q2vrn72   (identity: the scalar 0x01..0x20)
//   age -p   with the passphrase "correct horse" (age's default scrypt work factor, 18)
const PLAINTEXT = 'lifeboat known answer\n';
const IDENTITY = 'AGE-SECRET-KEY-1QYPQXPQ9QCRSSZG2PVXQ6RS0ZQG3YYC5Z5TPWXQERGD3C8G7RUSQGPQYEE';
const X25519_FILE =
  'YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBadzNJN2tLTXZBYUtPaklWd3Z4WnFzTVJyRnh1RjZzT2tqSGxUQUpvb1hrCjVUWG5pVzgxZkVUUnVpcmxvVEhnYWhoWEorbkpwZHNJWW1hUnNvMnlqVXMKLS0tIG9tTkpRaUkyOEJsKzAxUk45VnJHUU9DaFV0SGRoSllRcXIvOWlrQTZqTG8KZWCGKDcT3rW0x9/Tx7w7cR9+ikGSgEGI9LotVoAqZRmD4T/+5caF3kDMKeAKX6KhJhKvV5eE';
const SCRYPT_FILE =
  'YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHNjcnlwdCBpbjJ5ZlBnTC8vdmFKREZHM2VoQVlBIDE4ClRJM252YnlsWVFvRktPdFZZOTVnVHZNS2dXdDJGZDNVejNUZUdqTHF0UjQKLS0tIER1MEYxam56MWFsWGVUSnh2OXlvQks1Q1RGQ0FTRTYvMmxZdzc3dXZoWU0KdfNPGrRhYq9ThRhg2gkgdSLsFPmCOvFwaw+NSj7zxlpLJbPIcGShRB9GuCQDueNHVLDipc/n';

async function decrypt(fileB64: string, options: DecryptOptions): Promise<string> {
  let text = '';
  const sink = new Writable({ write: (chunk: Buffer, _e, callback) => ((text += chunk.toString()), callback()) });
  await pipeline(Readable.from([Buffer.from(fileB64, 'base64')]), createDecryptStage(options), sink);
  return text;
}

describe('files written by age', () => {
  it('decrypts an X25519 file', async () => {
    expect(await decrypt(X25519_FILE, { identities: [IDENTITY] })).toBe(PLAINTEXT);
  });

  it('decrypts a passphrase (scrypt) file', async () => {
    expect(await decrypt(SCRYPT_FILE, { passphrase: 'correct horse' })).toBe(PLAINTEXT);
  });
});
