import type { Command } from 'commander';
import { IntegrityError } from '../../pipeline/stages/verify.js';
import { readBackup } from '../../services/restore/artifact.js';
import { oneOffDecryptionFor } from '../../services/restore/decryption.js';
import { drillArtifact, type DrillOutcome } from '../../services/drills/drill-artifact.js';
import { openDestinationUrl, openSourceUrl, readSecretFlag } from './cli-inputs.js';

interface DrillFlags {
  from: string;
  key: string;
  target: string;
  identity?: string;
  passphraseFile?: string;
  passwordFile?: string;
  destPasswordFile?: string;
  keyFile?: string;
  json?: boolean;
}

/** `lifeboat drill`: proves one stored backup restores, without a server; exit 1 when the drill fails. */
export function registerDrillCommand(program: Command): void {
  program
    .command('drill')
    .description('Restore a backup into a scratch database on the target, compare row counts and checksums with its sidecar, drop it')
    .requiredOption('--from <destination>', 'where the backup is stored')
    .requiredOption('--key <artifact-key>', 'the artifact (or its .meta.json sidecar), as `lifeboat ls` shows it')
    .requiredOption('--target <url>', 'server that receives the scratch database (same engine family; PostgreSQL or MySQL/MariaDB)')
    .option('--identity <file>', 'age identity file for encrypted backups')
    .option('--passphrase-file <file>', 'passphrase for passphrase-encrypted backups')
    .option('--password-file <file>', 'target password, instead of one in the URL')
    .option('--dest-password-file <file>', 'destination password (SFTP, WebDAV, FTP)')
    .option('--key-file <file>', 'SFTP private key')
    .option('--json', 'print the result as JSON')
    .action(async (flags: DrillFlags) => {
      const { destination } = await openDestinationUrl(flags.from, { passwordFile: flags.destPasswordFile, keyFile: flags.keyFile });
      try {
        const backup = await readBackup(destination, flags.key);
        const decryption = { identity: readSecretFlag(flags.identity, '--identity'), passphrase: readSecretFlag(flags.passphraseFile, '--passphrase-file') };
        const opened = await openSourceUrl(flags.target, flags.passwordFile);
        const target = { source: opened.source, engine: opened.plugin.engine, config: opened.config as Record<string, unknown>, name: flags.target.replace(/\/\/[^@/]*@/, '//') };
        const controller = new AbortController();
        process.once('SIGINT', () => controller.abort());
        const log = async (message: string) => {
          if (!flags.json) process.stderr.write(`${message}\n`);
        };
        const outcome = await drillArtifact({ destination, backup, target, decryption: await oneOffDecryptionFor(backup.sidecar, { decryption }), signal: controller.signal, log });
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
