import type { Destination } from '../../adapters/destinations/types.js';
import { firstLine } from '../../lib/errors.js';
import { deleteBackup } from '../storage/delete-backup.js';
import type { BackupView } from '../storage/backup-view.js';
import { assertSafeToDelete, type SeriesPlan } from './retention-series.js';

export interface AppliedPlan {
  deleted: BackupView[];
  failed: { key: string; error: string }[];
}

/**
 * Deletes what a plan says (sidecar first, then artifact), after the safety net. One failed delete does
 * not stop the others: what was not deleted is reported, and the next run tries again.
 */
export async function applyPlan(
  destination: Destination,
  all: readonly BackupView[],
  plan: SeriesPlan,
  lockedKeys: ReadonlySet<string>,
  onDeleted: (backup: BackupView) => Promise<void> = async () => undefined,
): Promise<AppliedPlan> {
  assertSafeToDelete(all, plan.delete, lockedKeys);
  const out: AppliedPlan = { deleted: [], failed: [] };
  for (const backup of plan.delete) {
    try {
      await deleteBackup(destination, backup.key);
      out.deleted.push(backup);
      await onDeleted(backup);
    } catch (error) {
      out.failed.push({ key: backup.key, error: firstLine(error) });
    }
  }
  return out;
}
