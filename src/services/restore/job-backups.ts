import type { JobView } from '../jobs/jobs.service.js';
import type { BackupView } from '../storage/backup-view.js';

/** Reads a destination's backups from their sidecars (the storage explorer's cached scan). */
export type CatalogReader = (destinationId: string, options: { prefix?: string }) => Promise<{ backups: BackupView[] }>;

export interface JobBackup {
  destinationId: string;
  key: string;
  database: string | null;
  kind: BackupView['kind'];
  startedAt: string;
}

/**
 * The newest backup of each database (and of the server-wide globals) that a job wrote to one destination, found
 * on storage by the job id frozen in each sidecar: what scheduled drills and verifications check. When the job names
 * its databases, backups of databases it no longer names are left out.
 */
export async function newestJobBackups(catalog: CatalogReader, job: Pick<JobView, 'id' | 'databases' | 'options'>, destinationId: string): Promise<JobBackup[]> {
  const { backups } = await catalog(destinationId, { prefix: job.options.prefix || undefined });
  const newest = new Map<string, BackupView>();
  for (const backup of backups) {
    if (backup.job?.id !== job.id) continue;
    if (backup.kind === 'database' && job.databases.length > 0 && !job.databases.includes(backup.database ?? '')) continue;
    const group = backup.kind === 'globals' ? 'globals' : `database:${backup.database ?? ''}`;
    const seen = newest.get(group);
    if (!seen || backup.startedAt > seen.startedAt) newest.set(group, backup);
  }
  return [...newest.values()]
    .sort((a, b) => (a.database ?? '').localeCompare(b.database ?? '') || a.kind.localeCompare(b.kind))
    .map((b) => ({ destinationId, key: b.key, database: b.database, kind: b.kind, startedAt: b.startedAt }));
}
