import type { Command } from 'commander';
import { createDecryptStage, parseIdentityFile } from '../../pipeline/stages/decrypt.js';
import { runRestore } from '../../pipeline/restore.js';
import { parseSidecar } from '../../pipeline/sidecar.js';
import { isSidecarKey, sidecarKey } from '../../domain/layout.js';
import { systemClock } from '../../lib/clock.js';
import { ValidationError } from '../../lib/errors.js';
import { readSmall } from '../../lib/streams.js';
import { collect, openSourceUrl } from './cli-inputs.js';
import { decryptionSecrets, openStoredBackupDestination, withStoredBackupFlags, type StoredBackupFlags } from './stored-backup-flags.js';
import { progressLine } from './progress.js';

interface RestoreFlags extends StoredBackupFlags {
  target: string;
  database?: string;
  clean?: boolean;
  table?: string[];
  passwordFile?: string;
}

/** `lifeboat restore`: restores one backup, read from storage alone, into a target database. */
export function registerRestoreCommand(program: Command): void {
  const command = program
    .command('restore')
    .description('Restore a backup from a destination into a database');
  withStoredBackupFlags(command)
    .requiredOption('--target <url>', 'database to restore into (same engine family)')
    .option('--database <new-name>', 'restore under another database name (or file path for SQLite)')
    .option('--clean', 'drop and replace existing objects in the target')
    .option('--table <name>', 'restore only this table (repeatable; engines with selective restore)', collect)
    .option('--password-file <file>', 'target password, instead of one in the URL')
    .action(async (flags: RestoreFlags) => {
      const started = systemClock.now();
      const { destination } = await openStoredBackupDestination(flags);
      try {
        const metaKey = isSidecarKey(flags.key) ? flags.key : sidecarKey(flags.key);
        const sidecar = parseSidecar((await readSmall(await destination.get(metaKey))).toString('utf8'), metaKey);
        const { source: target, databases, plugin } = await openSourceUrl(flags.target, flags.passwordFile);
        if (plugin.engine !== sidecar.source.engine) {
          throw new ValidationError(`This backup is from ${sidecar.source.engine}; the target is ${plugin.engine}`);
        }
        const database = flags.database ?? databases[0] ?? sidecar.database ?? undefined;
        const controller = new AbortController();
        process.once('SIGINT', () => controller.abort());
        const progress = progressLine(`restore ${database ?? ''}`, systemClock, !flags.json && Boolean(process.stderr.isTTY));
        await runRestore({
          destination, sidecarKey: metaKey, sidecar, target,
          options: { database, clean: flags.clean, tables: flags.table },
          decryption: decryptionFlags(flags), signal: controller.signal, onProgress: progress.update,
        });
        progress.done();
        const result = { key: flags.key, database: database ?? null, size: sidecar.artifact.size, durationMs: systemClock.now().getTime() - started.getTime() };
        process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : `Restored ${flags.key} into ${database ?? 'the target'}\n`);
      } finally {
        await destination.close();
      }
    });
}

function decryptionFlags(flags: RestoreFlags) {
  const { passphrase, identity: identityText } = decryptionSecrets(flags);
  if (passphrase === undefined && identityText === undefined) return undefined;
  const identities = identityText === undefined ? undefined : parseIdentityFile(identityText);
  return { transform: () => createDecryptStage({ identities, passphrase }) };
}
