import type { Command } from 'commander';
import { isEmptyPolicy } from '../../domain/retention.js';
import { systemClock } from '../../lib/clock.js';
import { LifeboatError, ValidationError } from '../../lib/errors.js';
import { humanBytes } from '../../lib/format.js';
import { scanDestination } from '../../pipeline/catalog.js';
import { applyPlan } from '../../services/retention/apply-plan.js';
import { parsePolicyText } from '../../services/retention/policy-text.js';
import { planSeries, type SeriesPlan } from '../../services/retention/retention-series.js';
import { backupView, type BackupView } from '../../services/storage/backup-view.js';
import { collect, openDestinationUrl } from './cli-inputs.js';

export interface PruneFlags {
  from: string;
  policy: string;
  job?: string;
  source?: string;
  timeZone: string;
  keepKey?: string[];
  dryRun?: boolean;
  json?: boolean;
  destPasswordFile?: string;
  keyFile?: string;
}

/**
 * `lifeboat prune`: applies a retention policy to a destination from its sidecars alone (no server, no
 * app database). Locks live in the app database, so this command cannot see them: pin keys with --keep-key.
 */
export function registerPruneCommand(program: Command): void {
  program
    .command('prune')
    .description('Delete the backups a retention policy does not keep (per source and database), from the sidecars on a destination')
    .requiredOption('--from <destination>', 'path, file:///, s3://, sftp://, webdav://, ftp://')
    .requiredOption('--policy <policy>', 'keep-last=7,keep-days=30,hourly=N,daily=7,weekly=4,monthly=12,yearly=3 or JSON')
    .option('--job <name>', 'only backups written by this job (name or id, as frozen in the sidecar)')
    .option('--source <name>', 'only backups of this source name')
    .option('--time-zone <zone>', 'IANA zone days and weeks are counted in', 'UTC')
    .option('--keep-key <key>', 'never delete this artifact key (repeatable; server locks are not visible here)', collect)
    .option('--dry-run', 'show what would be deleted, delete nothing')
    .option('--json', 'print as JSON')
    .option('--dest-password-file <file>', 'destination password (SFTP, WebDAV, FTP)')
    .option('--key-file <file>', 'SFTP private key')
    .action(async (flags: PruneFlags) => runPrune(flags, (text) => void process.stdout.write(text)));
}

/** The command itself, writing its report through `write` (stdout for the CLI). */
export async function runPrune(flags: PruneFlags, write: (text: string) => void): Promise<void> {
  const policy = parsePolicyText(flags.policy);
  if (isEmptyPolicy(policy)) throw new ValidationError('--policy turns every rule off, which keeps everything: set at least one count');
  const { destination } = await openDestinationUrl(flags.from, { passwordFile: flags.destPasswordFile, keyFile: flags.keyFile });
  try {
    const pinned = new Set(flags.keepKey ?? []);
    const catalog = await scanDestination(destination);
    const backups = catalog.backups
      .map((b) => ({ ...backupView(b, undefined), locked: pinned.has(b.key) }))
      .filter((b) => !flags.job || b.job?.name === flags.job || b.job?.id === flags.job)
      .filter((b) => !flags.source || b.source.name === flags.source);
    const plan = planSeries(backups, policy, { now: systemClock.now(), timeZone: flags.timeZone });
    const applied = flags.dryRun ? null : await applyPlan(destination, backups, plan, pinned);
    print(write, flags, plan, applied?.deleted.map((b) => b.key) ?? null, applied?.failed ?? []);
    if (applied && applied.failed.length > 0) throw new LifeboatError(`${applied.failed.length} backup(s) could not be deleted; run prune again`);
  } finally {
    await destination.close();
  }
}

function print(write: (text: string) => void, flags: PruneFlags, plan: SeriesPlan, deleted: string[] | null, failed: { key: string; error: string }[]): void {
  const row = (b: BackupView) => ({ key: b.key, startedAt: b.startedAt, source: b.source.name, database: b.database, size: b.storedSize });
  if (flags.json) {
    const out = { dryRun: Boolean(flags.dryRun), keep: plan.keep.map((k) => ({ ...row(k.backup), reasons: k.reasons })), delete: plan.delete.map(row), summary: plan.summary, deleted, failed };
    write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  for (const k of plan.keep) write(`keep    ${k.backup.startedAt}  ${k.backup.key}  (${k.reasons.join(', ')})\n`);
  for (const b of plan.delete) write(`${flags.dryRun ? 'would delete' : 'delete'}  ${b.startedAt}  ${b.key}\n`);
  for (const f of failed) write(`FAILED  ${f.key}: ${f.error}\n`);
  const verb = flags.dryRun ? 'would free' : 'freed';
  write(`${plan.summary.kept} kept, ${plan.summary.deleted} ${flags.dryRun ? 'to delete' : 'deleted'}, ${verb} ${humanBytes(plan.summary.freedBytes)}\n`);
}
