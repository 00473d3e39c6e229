import type { paths } from '../../api/schema';
import { formatBytes, formatDateTime } from '../../lib/format';
import type { StoredBackup } from '../storage/hooks';

export type RestoreRequest = paths['/api/v1/restores']['post']['requestBody']['content']['application/json'];

/** What the wizard has gathered so far. `tables: null` restores everything in the backup. */
export interface RestoreDraft {
  key: string;
  targetSourceId: string;
  database: string;
  tables: string[] | null;
  clean: boolean;
  identity: string;
  passphrase: string;
}

export const STEPS = ['Backup', 'Target', 'Tables', 'Confirm'] as const;

export function newRestoreDraft(backup: StoredBackup): RestoreDraft {
  return { key: backup.key, targetSourceId: '', database: backup.database ?? '', tables: null, clean: false, identity: '', passphrase: '' };
}

/** What a step still needs before "Next", as sentences. */
export function restoreProblems(draft: RestoreDraft, step: number, backup: StoredBackup | undefined): string[] {
  const problems: string[] = [];
  // An encrypted backup needs no key here when Lifeboat holds its profile's identity; the server says so otherwise.
  if (step === 0 && !backup) problems.push('Choose the backup to restore');
  if (step === 1) {
    if (!draft.targetSourceId) problems.push('Choose the source (server) to restore into');
    if (backup?.database !== null && !draft.database.trim()) problems.push('Name the database to restore into');
  }
  if (step === 2 && draft.tables !== null && draft.tables.length === 0) problems.push('Tick at least one table, or choose "All tables"');
  return problems;
}

/**
 * The confirmation, stated plainly: what is read, where it goes, and what happens to what is there.
 * `exists` is whether the target database is already on the server (undefined when unknown).
 */
export function describeRestore(input: { backup: StoredBackup; sourceName: string; database: string; exists: boolean | undefined; tables: string[] | null; clean: boolean }): string[] {
  const { backup, sourceName, database, exists, tables, clean } = input;
  const what = tables === null ? 'every table' : `${tables.length} table${tables.length === 1 ? '' : 's'} (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''})`;
  const lines = [
    `Reads the backup of ${backup.source.name} / ${backup.database ?? 'the whole server'} taken ${formatDateTime(backup.finishedAt)} (${formatBytes(backup.storedSize)}).`,
    backup.database === null ? `Restores it into ${sourceName}.` : `Restores ${what} into the database “${database}” on ${sourceName}.`,
  ];
  if (backup.database === null) lines.push('Databases in the backup that already exist on that server are written into.');
  else if (exists === false) lines.push(`“${database}” does not exist yet: it is created. Nothing else is changed.`);
  else if (clean) lines.push(`“${database}” exists: ${tables === null ? 'every object' : 'each of these tables'} that the backup also holds is DROPPED and replaced by the backup's version. Other objects stay.`);
  else lines.push(`“${database}” exists: nothing is dropped. If the backup holds an object that already exists there, the restore stops with an error.`);
  return lines;
}

export function toRequest(destinationId: string, draft: RestoreDraft, backup: StoredBackup): RestoreRequest {
  const decryption = backup.encrypted ? { identity: draft.identity.trim() || undefined, passphrase: draft.passphrase || undefined } : undefined;
  return {
    destinationId,
    keys: [draft.key],
    targetSourceId: draft.targetSourceId,
    ...(backup.database !== null ? { database: draft.database.trim() } : {}),
    clean: draft.clean,
    ...(draft.tables !== null ? { tables: draft.tables } : {}),
    ...(decryption ? { decryption } : {}),
  };
}
