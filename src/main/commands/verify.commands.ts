import type { Command } from 'commander';
import { systemClock } from '../../lib/clock.js';
import { IntegrityError } from '../../pipeline/stages/verify.js';
import { readBackup } from '../../services/restore/artifact.js';
import { oneOffDecryptionFor } from '../../services/restore/decryption.js';
import { verifyArtifact } from '../../services/verify/verify-artifact.js';
import { openDestinationUrl, readSecretFlag } from './cli-inputs.js';
import { progressLine } from './progress.js';

interface VerifyFlags {
  from: string;
  key: string;
  identity?: string;
  passphraseFile?: string;
  destPasswordFile?: string;
  keyFile?: string;
  json?: boolean;
}

/** `lifeboat verify`: re-reads one backup from storage and checks it against its sidecar; exit 1 when it fails. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('Check a stored backup: size and sha256 against its sidecar, and the encryption authentication with a key')
    .requiredOption('--from <destination>', 'where the backup is stored')
    .requiredOption('--key <artifact-key>', 'the artifact (or its .meta.json sidecar), as `lifeboat ls` shows it')
    .option('--identity <file>', 'age identity file: also authenticate every encrypted chunk')
    .option('--passphrase-file <file>', 'passphrase of a passphrase-encrypted backup')
    .option('--dest-password-file <file>', 'destination password (SFTP, WebDAV, FTP)')
    .option('--key-file <file>', 'SFTP private key')
    .option('--json', 'print the result as JSON')
    .action(async (flags: VerifyFlags) => {
      const { destination } = await openDestinationUrl(flags.from, { passwordFile: flags.destPasswordFile, keyFile: flags.keyFile });
      try {
        const backup = await readBackup(destination, flags.key);
        const decryption = {
          identity: readSecretFlag(flags.identity, '--identity'),
          passphrase: readSecretFlag(flags.passphraseFile, '--passphrase-file'),
        };
        const decrypt = await oneOffDecryptionFor(backup.sidecar, { decryption });
        const controller = new AbortController();
        process.once('SIGINT', () => controller.abort());
        const progress = progressLine(`verify ${backup.key}`, systemClock, !flags.json && Boolean(process.stderr.isTTY));
        const result = await verifyArtifact({ destination, sidecarKey: backup.sidecarKey, sidecar: backup.sidecar, decrypt: decrypt?.transform, signal: controller.signal, onProgress: progress.update });
        progress.done();
        const output = { key: backup.key, backupId: backup.sidecar.backupId, ...result };
        if (flags.json) process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
        else if (result.status === 'passed') {
          const auth = result.authenticated ? ', every encrypted chunk authenticated' : backup.sidecar.encryption ? ' (encrypted: give --identity to authenticate it too)' : '';
          process.stdout.write(`OK ${backup.key}: ${result.bytes} bytes, sha256 matches${auth}\n`);
        }
        if (result.status !== 'passed') {
          if (flags.json) process.exitCode = 1;
          else throw new IntegrityError(`${backup.key} FAILED verification: ${result.error}`);
        }
      } finally {
        await destination.close();
      }
    });
}
