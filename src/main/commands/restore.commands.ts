import type { Command } from 'commander';
import { createDecryptStage, parseIdentityFile } from '../../pipeline/stages/decrypt.js';
import { runRestore } from '../../pipeline/restore.js';
import { parseSidecar } from '../../pipeline/sidecar.js';
import { isSidecarKey, sidecarKey } from '../../domain/layout.js';
import { systemClock } from '../../lib/clock.js';
import { ValidationError } from '../../lib/errors.js';
import { readSmall } from '../../lib/streams.js';
import { collect, openDestinationUrl, openSourceUrl, readSecretFlag } from './cli-inputs.js';
import { progressLine } from './progress.js';

interface RestoreFlags {
  from: string;
  key: string;
  target: string;
  database?: string;
  clean?: boolean;
  table?: string[];
  identity?: string;
  passphraseFile?: string;
  passwordFile?: string;
  destPasswordFile?: string;
  keyFile?: string;
  json?: boolean;
}

/** `lifeboat restore`: restores one backup, read from storage alone, into a target database. */
export function registerRestoreCommand(program: Command): void {
  program
    .command('restore')
    .description('Restore a backup from a destination into a database')
    .requiredOption('--from <destination>', 'where the backup is stored')
    .requiredOption('--key <artifact-key>', 'the artifact (or its .meta.json sidecar), as `lifeboat ls` shows it')
    .requiredOption('--target <url>', 'database to restore into (same engine family)')
    .option('--database <new-name>', 'restore under another database name (or file path for SQLite)')
    .option('--clean', 'drop and replace existing objects in the target')
    .option('--table <name>', 'restore only this table (repeatable; engines with selective restore)', collect)
    .option('--identity <file>', 'age identity file for encrypted backups')
    .option('--passphrase-file <file>', 'passphrase for passphrase-encrypted backups')
    .option('--password-file <file>', 'target password, instead of one in the URL')
    .option('--dest-password-file <file>', 'destination password (SFTP, WebDAV, FTP)')
    .option('--key-file <file>', 'SFTP private key')
    .option('--json', 'print the result as JSON')
    .action(async (flags: RestoreFlags) => {
      const started = systemClock.now();
      const { destination } = await openDestinationUrl(flags.from, { passwordFile: flags.destPasswordFile, keyFile: flags.keyFile });
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
  const passphrase = readSecretFlag(flags.passphraseFile, '--passphrase-file');
  const identityText = readSecretFlag(flags.identity, '--identity');
  if (passphrase === undefined && identityText === undefined) return undefined;
  const identities = identityText === undefined ? undefined : parseIdentityFile(identityText);
  return { transform: () => createDecryptStage({ identities, passphrase }) };
}
