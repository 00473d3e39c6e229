import type { Command } from 'commander';
import { IntegrityError } from '../../pipeline/stages/verify.js';
import { readBackup } from '../../services/restore/artifact.js';
import { oneOffDecryptionFor } from '../../services/restore/decryption.js';
import { drillArtifact, type DrillOutcome } from '../../services/drills/drill-artifact.js';
import { openSourceUrl } from './cli-inputs.js';
import { decryptionSecrets, openStoredBackupDestination, withStoredBackupFlags, type StoredBackupFlags } from './stored-backup-flags.js';

interface DrillFlags extends StoredBackupFlags {
  target: string;
  passwordFile?: string;
}

/** `lifeboat drill`: proves one stored backup restores, without a server; exit 1 when the drill fails. */
export function registerDrillCommand(program: Command): void {
  const command = program
    .command('drill')
    .description('Restore a backup into a scratch database on the target, compare row counts and checksums with its sidecar, drop it');
  withStoredBackupFlags(command)
    .requiredOption('--target <url>', 'server that receives the scratch database (same engine family; PostgreSQL or MySQL/MariaDB)')
    .option('--password-file <file>', 'target password, instead of one in the URL')
    .action(async (flags: DrillFlags) => {
      const { destination } = await openStoredBackupDestination(flags);
      try {
        const backup = await readBackup(destination, flags.key);
        const opened = await openSourceUrl(flags.target, flags.passwordFile);
        const target = { source: opened.source, engine: opened.plugin.engine, config: opened.config as Record<string, unknown>, name: flags.target.replace(/\/\/[^@/]*@/, '//') };
        const controller = new AbortController();
        process.once('SIGINT', () => controller.abort());
        const log = async (message: string) => {
          if (!flags.json) process.stderr.write(`${message}\n`);
        };
        const outcome = await drillArtifact({ destination, backup, target, decryption: await oneOffDecryptionFor(backup.sidecar, { decryption: decryptionSecrets(flags) }), signal: controller.signal, log });
        if (flags.json) process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
        else if (outcome.passed) process.stdout.write(`PASSED ${backup.key}: ${passedLine(outcome)}\n`);
        if (!outcome.passed) {
          if (flags.json) process.exitCode = 1;
          else throw new IntegrityError(`${backup.key} FAILED its drill: ${outcome.error}`);
        }
      } finally {
        await destination.close();
      }
    });
}

function passedLine(outcome: DrillOutcome): string {
  if (outcome.compared === 'nothing') return `${outcome.restored.length} table(s) restored; the backup recorded estimates only, nothing compared (back up with --table-checksums)`;
  const what = outcome.compared === 'counts-and-checksums' ? 'row counts and content checksums' : 'row counts';
  return `${outcome.tablesCompared} table(s) restored with the ${what} recorded at dump time`;
}
