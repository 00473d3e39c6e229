import type { Command } from 'commander';
import { runBackup, type BackupOutcome, type EncryptionSlot } from '../../pipeline/backup.js';
import { parseCompression } from '../../pipeline/stages/compression.js';
import { systemClock } from '../../lib/clock.js';
import { LifeboatError, ValidationError } from '../../lib/errors.js';
import { humanBytes, humanDuration } from '../../lib/format.js';
import { collect, openDestinationUrl, openSourceUrl, readSecretFlag } from './cli-inputs.js';
import { progressLine } from './progress.js';

interface BackupFlags {
  source: string;
  to: string[];
  database?: string[];
  schemaOnly?: boolean;
  dataOnly?: boolean;
  globals?: boolean;
  compress: string;
  name?: string;
  json?: boolean;
  passwordFile?: string;
  destPasswordFile?: string;
  keyFile?: string;
  encrypt?: string[];
  encryptPassphraseFile?: string;
  tableChecksums?: boolean;
}

/** `lifeboat backup`: an ad-hoc backup without a server, straight from a source URL to destination URLs. */
export function registerBackupCommand(program: Command): void {
  program
    .command('backup')
    .description('Back up databases from a source URL to one or more destinations')
    .requiredOption('--source <url>', 'postgres://, mysql://, sqlite:///path, redis://, mongodb:// ...')
    .requiredOption('--to <destination>', 'path, file:///, s3://, sftp://, webdav://, ftp:// (repeatable: written in parallel)', collect)
    .option('--database <name>', 'database to back up (repeatable; default: the URL\'s, else all)', collect)
    .option('--schema-only', 'structure only')
    .option('--data-only', 'data only')
    .option('--globals', 'also back up roles and other server-wide objects (PostgreSQL)')
    .option('--compress <algorithm[:level]>', 'none, gzip, brotli, zstd or bzip2', 'zstd:3')
    .option('--name <source-name>', 'source name used in backup paths (default: the host)')
    .option('--password-file <file>', 'source password, instead of one in the URL')
    .option('--dest-password-file <file>', 'destination password (SFTP, WebDAV, FTP)')
    .option('--key-file <file>', 'SFTP private key')
    .option('--encrypt <age-recipient>', 'encrypt to this age1... public key (repeatable)', collect)
    .option('--encrypt-passphrase-file <file>', 'encrypt with the passphrase in this file')
    .option('--table-checksums', 'record exact row counts and a content checksum per table, read in the dump\'s snapshot, for `lifeboat drill` (one more read of every table; default: the engine\'s row estimates)')
    .option('--json', 'print the result as JSON')
    .action(async (flags: BackupFlags) => {
      const outcomes = await backup(flags);
      const failed = outcomes.filter((o) => o.status !== 'succeeded');
      if (failed.length > 0) throw new LifeboatError(`${failed.length} of ${outcomes.length} backup(s) did not succeed: ${failed.map((f) => f.error).join('; ')}`);
    });
}

async function backup(flags: BackupFlags): Promise<(BackupOutcome & { database: string | null })[]> {
  if (flags.schemaOnly && flags.dataOnly) throw new ValidationError('Choose --schema-only or --data-only, not both');
  const compression = parseCompression(flags.compress);
  const { source, databases: fromUrl, plugin } = await openSourceUrl(flags.source, flags.passwordFile);
  const destinations = await Promise.all(flags.to.map((to) => openDestinationUrl(to, { passwordFile: flags.destPasswordFile, keyFile: flags.keyFile })));
  const encryption = await encryptionFlags(flags);
  const sourceName = flags.name ?? new URL(flags.source).hostname ?? plugin.kind;
  const mode = flags.schemaOnly ? 'schema' : flags.dataOnly ? 'data' : 'full';
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const databases = flags.database ?? (fromUrl.length > 0 ? fromUrl : source.capabilities.multiDatabase ? await source.listDatabases(controller.signal) : [undefined]);
  const runs = [...databases.map((database) => ({ database, globals: false })), ...(flags.globals ? [{ database: undefined, globals: true }] : [])];

  const outcomes: (BackupOutcome & { database: string | null })[] = [];
  for (const run of runs) {
    const label = run.globals ? 'globals' : (run.database ?? sourceName);
    const progress = progressLine(label, systemClock, !flags.json && Boolean(process.stderr.isTTY));
    const outcome = await runBackup({
      source, sourceName: sourceName || plugin.kind, dump: { database: run.database, mode, globals: run.globals, tableStats: flags.tableChecksums ? 'exact' : 'estimates' },
      destinations, compression, encryption, clock: systemClock, signal: controller.signal, onProgress: progress.enabled ? progress.update : undefined,
    });
    progress.done();
    outcomes.push({ ...outcome, database: run.database ?? null });
    if (!flags.json) printOutcome(label, outcome);
  }
  await Promise.all(destinations.map((d) => d.destination.close()));
  if (flags.json) {
    const rows = outcomes.flatMap((o) => o.destinations.map((d) => ({ key: d.key, destination: d.name, ok: d.ok, error: d.error, database: o.database, status: o.status, size: o.size, sha256: o.sha256, startedAt: o.startedAt, finishedAt: o.finishedAt })));
    process.stdout.write(`${JSON.stringify(rows.length === 1 ? rows[0] : rows, null, 2)}\n`);
  }
  return outcomes;
}

/** The age stages load only for a backup that encrypts. */
async function encryptionFlags(flags: BackupFlags): Promise<EncryptionSlot | undefined> {
  const passphrase = readSecretFlag(flags.encryptPassphraseFile, '--encrypt-passphrase-file');
  if (!flags.encrypt && passphrase === undefined) return undefined;
  const { encryptionSlot } = await import('../../services/encryption/encryption-slot.js');
  return encryptionSlot({ recipients: flags.encrypt, passphrase });
}

function printOutcome(label: string, outcome: BackupOutcome): void {
  const took = humanDuration(Date.parse(outcome.finishedAt) - Date.parse(outcome.startedAt));
  for (const d of outcome.destinations) {
    const line = d.ok ? `${d.key}  ${humanBytes(outcome.size)}  sha256:${outcome.sha256}  ${took}` : `FAILED ${d.key || label}: ${d.error}`;
    process.stdout.write(`${line}\n`);
  }
  if (outcome.destinations.length === 0) process.stdout.write(`FAILED ${label}: ${outcome.error}\n`);
}
