import type { paths } from '../../api/schema';
import { formatBytes, formatDateTime } from '../../lib/format';
import type { StoredBackup } from '../storage/hooks';

export type RestoreRequest = paths['/api/v1/restores']['post']['requestBody']['content']['application/json'];

/** What the wizard has gathered so far. `tables: null` restores everything in the backup. */
export interface RestoreDraft {
  /** The backup the wizard opened on (or picked in step 1). */
  key: string;
  /** Artifacts to restore: `key`, plus other databases of the same run when chosen. */
  keys: string[];
  targetSourceId: string;
  /** Artifact key -> database name to restore it into. */
  targets: Record<string, string>;
  tables: string[] | null;
  clean: boolean;
  identity: string;
  passphrase: string;
}

export const STEPS = ['Backup', 'Target', 'Tables', 'Confirm'] as const;

/** Allowed gap between one database's dump ending and the next one starting within one run of a job. */
const RUN_GAP_MS = 120_000;

export function newRestoreDraft(backup: StoredBackup): RestoreDraft {
  return { key: backup.key, keys: [backup.key], targetSourceId: '', targets: { [backup.key]: backup.database ?? '' }, tables: null, clean: false, identity: '', passphrase: '' };
}

/**
 * The databases backed up by the same run as `backup` (itself included, in dump order): a job dumps each
 * database in turn, so they share the job and follow each other without a gap. Sidecars carry no run id.
 */
export function sameRun(backup: StoredBackup, all: StoredBackup[]): StoredBackup[] {
  if (!backup.job || backup.kind !== 'database' || backup.database === null) return [backup];
  const ofJob = all
    .filter((b) => b.job?.id === backup.job!.id && b.kind === 'database' && b.database !== null && b.source.name === backup.source.name)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const runs: StoredBackup[][] = [];
  for (const b of ofJob) {
    const run = runs.at(-1);
    const previous = run?.at(-1);
    if (run && previous && Date.parse(b.startedAt) - Date.parse(previous.finishedAt) <= RUN_GAP_MS) run.push(b);
    else runs.push([b]);
  }
  return runs.find((run) => run.some((b) => b.key === backup.key)) ?? [backup];
}

/** The chosen artifacts in dump order, with the database each goes to. */
export function chosen(draft: RestoreDraft, backups: StoredBackup[]): { backup: StoredBackup; target: string }[] {
  return backups.filter((b) => draft.keys.includes(b.key)).map((backup) => ({ backup, target: (draft.targets[backup.key] ?? '').trim() }));
}

/** What a step still needs before "Next", as sentences. */
export function restoreProblems(draft: RestoreDraft, step: number, backup: StoredBackup | undefined, backups: StoredBackup[] = backup ? [backup] : []): string[] {
  const problems: string[] = [];
  // An encrypted backup needs no key here when Lifeboat holds its profile's identity; the server says so otherwise.
  if (step === 0 && !backup) problems.push('Choose the backup to restore');
  if (step === 0 && draft.keys.length === 0) problems.push('Tick at least one database to restore');
  if (step === 1) {
    if (!draft.targetSourceId) problems.push('Choose the source (server) to restore into');
    const items = chosen(draft, backups).filter((c) => c.backup.database !== null);
    for (const { backup: b, target } of items) if (!target) problems.push(items.length > 1 ? `Name the database to restore ${b.database} into` : 'Name the database to restore into');
    const targets = items.map((c) => c.target).filter(Boolean);
    const twice = targets.find((t, i) => targets.indexOf(t) !== i);
    if (twice) problems.push(`Two databases would go into “${twice}”: give each its own name`);
  }
  if (step === 2 && draft.tables !== null && draft.tables.length === 0) problems.push('Tick at least one table, or choose "All tables"');
  return problems;
}

/**
 * The confirmation, stated plainly: what is read, where it goes, and what happens to what is there.
 * `exists(name)` is whether a database is already on the target server (undefined when unknown).
 */
export function describeRestore(input: { backups: { backup: StoredBackup; target: string }[]; sourceName: string; exists(name: string): boolean | undefined; tables: string[] | null; clean: boolean }): string[] {
  const { backups, sourceName, exists, tables, clean } = input;
  const what = tables === null ? 'every table' : `${tables.length} table${tables.length === 1 ? '' : 's'} (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''})`;
  const lines: string[] = [];
  for (const { backup, target } of backups) {
    lines.push(`Reads the backup of ${backup.source.name} / ${backup.database ?? 'the whole server'} taken ${formatDateTime(backup.finishedAt)} (${formatBytes(backup.storedSize)}).`);
    if (backup.database === null) {
      lines.push(`Restores it into ${sourceName}.`, 'Databases in the backup that already exist on that server are written into.');
      continue;
    }
    lines.push(`Restores ${what} into the database “${target}” on ${sourceName}.`);
    const there = exists(target);
    if (there === false) lines.push(`“${target}” does not exist yet: it is created. Nothing else is changed.`);
    else if (clean) lines.push(`“${target}” exists: ${tables === null ? 'every object' : 'each of these tables'} that the backup also holds is DROPPED and replaced by the backup's version. Other objects stay.`);
    else lines.push(`“${target}” exists: nothing is dropped. If the backup holds an object that already exists there, the restore stops with an error.`);
  }
  return lines;
}

/** One artifact goes to `database`; several go by `mapping` (dumped name -> target name), as the API takes them. */
export function toRequest(destinationId: string, draft: RestoreDraft, backups: StoredBackup[]): RestoreRequest {
  const items = chosen(draft, backups);
  const decryption = items.some((c) => c.backup.encrypted) ? { identity: draft.identity.trim() || undefined, passphrase: draft.passphrase || undefined } : undefined;
  const named = items.filter((c) => c.backup.database !== null);
  const target = items.length === 1 && named.length === 1 ? { database: named[0]!.target } : named.length ? { mapping: Object.fromEntries(named.map((c) => [c.backup.database!, c.target])) } : {};
  return {
    destinationId,
    keys: items.map((c) => c.backup.key),
    targetSourceId: draft.targetSourceId,
    ...target,
    clean: draft.clean,
    ...(draft.tables !== null && items.length === 1 ? { tables: draft.tables } : {}),
    ...(decryption ? { decryption } : {}),
  };
}
