import type { Command } from 'commander';
import { systemClock } from '../../lib/clock.js';
import { IntegrityError } from '../../pipeline/stages/verify.js';
import { readBackup } from '../../services/restore/artifact.js';
import { oneOffDecryptionFor } from '../../services/restore/decryption.js';
import { verifyArtifact } from '../../services/verify/verify-artifact.js';
import { decryptionSecrets, openStoredBackupDestination, withStoredBackupFlags, type StoredBackupFlags } from './stored-backup-flags.js';
import { progressLine } from './progress.js';

/** `lifeboat verify`: re-reads one backup from storage and checks it against its sidecar; exit 1 when it fails. */
export function registerVerifyCommand(program: Command): void {
  const command = program
    .command('verify')
    .description('Check a stored backup: size and sha256 against its sidecar, and the encryption authentication with a key');
  withStoredBackupFlags(command, 'age identity file: also authenticate every encrypted chunk')
    .action(async (flags: StoredBackupFlags) => {
      const { destination } = await openStoredBackupDestination(flags);
      try {
        const backup = await readBackup(destination, flags.key);
        const decrypt = await oneOffDecryptionFor(backup.sidecar, { decryption: decryptionSecrets(flags) });
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
