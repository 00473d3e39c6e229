import type { Command } from 'commander';
import { openDestinationUrl, readSecretFlag } from './cli-inputs.js';

/** The flags of every command that reads one stored backup: where it is, how to reach it, how to decrypt it. */
export interface StoredBackupFlags {
  from: string;
  key: string;
  identity?: string;
  passphraseFile?: string;
  destPasswordFile?: string;
  keyFile?: string;
  json?: boolean;
}

/** Declares `--from`, `--key`, the destination credentials, the decryption keys and `--json` on `command`. */
export function withStoredBackupFlags(command: Command, identityHelp = 'age identity file for encrypted backups'): Command {
  return command
    .requiredOption('--from <destination>', 'where the backup is stored')
    .requiredOption('--key <artifact-key>', 'the artifact (or its .meta.json sidecar), as `lifeboat ls` shows it')
    .option('--identity <file>', identityHelp)
    .option('--passphrase-file <file>', 'passphrase for passphrase-encrypted backups')
    .option('--dest-password-file <file>', 'destination password (SFTP, WebDAV, FTP)')
    .option('--key-file <file>', 'SFTP private key')
    .option('--json', 'print the result as JSON');
}

export function openStoredBackupDestination(flags: StoredBackupFlags) {
  return openDestinationUrl(flags.from, { passwordFile: flags.destPasswordFile, keyFile: flags.keyFile });
}

/** The decryption secrets read from their files (never from argv); undefined where not given. */
export function decryptionSecrets(flags: StoredBackupFlags): { identity?: string; passphrase?: string } {
  return { identity: readSecretFlag(flags.identity, '--identity'), passphrase: readSecretFlag(flags.passphraseFile, '--passphrase-file') };
}
