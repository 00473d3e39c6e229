import { formatIdentityFile } from '../../pipeline/stages/encrypt.js';
import type { ProfileView } from './profile-schemas.js';

export interface RecoveryKitInput {
  profile: Pick<ProfileView, 'id' | 'name' | 'kind' | 'recipients' | 'createdAt'>;
  /** AGE-SECRET-KEY-1... when Lifeboat holds it (generated profiles). */
  identity?: string;
  passphrase?: string;
  writtenAt: Date;
  version: string;
}

/**
 * The recovery kit for one profile. Every line is a `#` comment except the identity line, so the kit itself is
 * a valid age identity file: `age -d -i recovery-kit.txt` works as it is, with no Lifeboat at all.
 */
export function recoveryKitText(input: RecoveryKitInput): string {
  const { profile } = input;
  const keyFile = input.identity ? 'recovery-kit.txt' : 'identity.txt';
  const decrypt = input.passphrase ? 'age -d "$F"' : `age -d -i ${keyFile} "$F"`;
  const lines = [
    'Lifeboat recovery kit',
    `Profile: ${profile.name} (id ${profile.id}), kind ${profile.kind}, created ${profile.createdAt}`,
    `Written ${input.writtenAt.toISOString()} by Lifeboat ${input.version}`,
    '',
    ...keySection(input, keyFile),
    '',
    ...commandsSection(decrypt, keyFile),
  ];
  const text = lines.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
  // The identity is the only line that is not a comment: what makes the kit an age identity file.
  return input.identity ? `${text}\n#\n${formatIdentityFile({ identity: input.identity, recipient: ownRecipient(input) }, new Date(profile.createdAt)).trimEnd()}\n` : `${text}\n`;
}

function ownRecipient(input: RecoveryKitInput): string {
  return input.profile.recipients.find((r) => r.own)?.recipient ?? '';
}

function keySection(input: RecoveryKitInput, keyFile: string): string[] {
  const recipients = input.profile.recipients.map((r) => `  ${r.recipient}  fingerprint ${r.fingerprint}${r.own ? '  (the identity at the end of this file)' : ''}`);
  if (input.passphrase) {
    return [
      'KEEP THIS FILE SECRET AND OFFLINE: it holds the passphrase that decrypts every backup of this profile.',
      'Backups are age files encrypted with a passphrase (scrypt). Type it when `age -d` asks. As a JSON string:',
      `  ${JSON.stringify(input.passphrase)}`,
    ];
  }
  if (input.identity) {
    return [
      'KEEP THIS FILE SECRET AND OFFLINE: it holds the private key that decrypts every backup of this profile.',
      'This file is itself an age identity file (the AGE-SECRET-KEY-1... line at the end; `#` lines are comments):',
      `use it as it is with \`age -d -i ${keyFile}\`. Backups are encrypted to these recipients (sidecar "encryption.recipients"`,
      'holds their fingerprints):',
      ...recipients,
    ];
  }
  return [
    'This profile is WRITE-ONLY: Lifeboat never had the private key, so this kit holds none. Backups are encrypted to',
    'the recipients below; decrypt with the identity file kept for one of them (`age-keygen -y identity.txt` prints',
    'its public key), saved here as identity.txt:',
    ...recipients,
  ];
}

function commandsSection(decrypt: string, keyFile: string): string[] {
  return [
    'RESTORING WITHOUT LIFEBOAT (needs: age, the decompressor, the engine\'s own tools)',
    '',
    'Each backup is two files: the artifact <time>.<dump>.<compression>.age and its sidecar <artifact>.meta.json.',
    'Set F to the artifact, e.g.  F=2026-01-31_03-00-00.dump.zst.age',
    '',
    '1. Verify the stored bytes first: the checksum must equal "artifact.sha256" in the sidecar.',
    '  sha256sum "$F";  grep -m1 \'"sha256"\' "$F.meta.json"',
    '  echo "$(jq -r .artifact.sha256 "$F.meta.json")  $F" | sha256sum -c -          # prints "OK" (with jq)',
    '',
    '2. Decrypt | decompress | restore. The decompressor follows the extension before .age:',
    '  .zst  zstd -dc        .gz  gzip -dc        .br  brotli -dc        .bz2  bzip2 -dc        none: leave it out',
    `  Decrypt alone:  ${decrypt} > "\${F%.age}"     (age authenticates every chunk: damage stops it with an error)`,
    '',
    'PostgreSQL database (<database>/<time>.dump.zst.age, pg_dump custom format):',
    '  createdb target',
    `  ${decrypt} | zstd -dc | pg_restore --no-owner --single-transaction -d target`,
    'PostgreSQL roles and globals (globals/<time>.sql.zst.age):',
    `  ${decrypt} | zstd -dc | psql -d postgres`,
    'MySQL / MariaDB (<database>/<time>.sql.zst.age):',
    '  mariadb -e \'CREATE DATABASE target\'',
    `  ${decrypt} | zstd -dc | mariadb target                  (mysql target with MySQL's client)`,
    'SQLite (<time>.db.zst.age, a copy of the database file):',
    `  ${decrypt} | zstd -dc > restored.db`,
    '  sqlite3 restored.db \'PRAGMA integrity_check\'             # prints "ok"; then stop the application and copy',
    '  cp restored.db /path/to/the/database.db                  # restored.db over the database file',
    'MongoDB (<time>.archive.zst.age, mongodump --archive):',
    `  ${decrypt} | zstd -dc | mongorestore --archive --drop`,
    '  (into another database: add  --nsFrom=\'$db$.$collection$\' --nsTo=\'target.$collection$\')',
    'Redis / Valkey (<time>.rrec.zst.age): Lifeboat\'s own record format; restore with Lifeboat\'s CLI (no server needed):',
    `  lifeboat restore --from /path/to/backups --key <artifact key> --target redis://host:6379/0 ${decrypt.includes('-i') ? `--identity ${keyFile}` : '--passphrase-file passphrase.txt'}`,
    'Supabase Storage (@storage/<time>.tar.zst.age):',
    `  mkdir restored && ${decrypt} | zstd -dc | tar -x -C restored`,
    '',
    `Lifeboat's CLI decrypts the same files: lifeboat decrypt ${decrypt.includes('-i') ? `-i ${keyFile}` : '--passphrase-file passphrase.txt'} "$F" -o "\${F%.age}"`,
  ];
}
