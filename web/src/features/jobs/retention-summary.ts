import type { Schemas } from '../../api/client';
import { formatBytes } from '../../lib/format';

export type RetentionPreview = Schemas['RetentionPreview'];
export type DestinationPlan = RetentionPreview['destinations'][number];

const backups = (n: number) => `${n} backup${n === 1 ? '' : 's'}`;

/** One destination's dry run, in a sentence: what stays, what goes and the room it frees. */
export function describePlan(plan: DestinationPlan): string {
  if (plan.error) return `Could not read the backups there: ${plan.error}`;
  const kept = plan.keep.length;
  const deleted = plan.delete.length;
  if (kept + deleted === 0) return 'No backups of this job here yet.';
  if (deleted === 0) return `Keeps ${kept === 1 ? 'the one backup' : `all ${kept} backups`}; nothing would be deleted.`;
  const freed = plan.summary?.freedBytes ?? plan.delete.reduce((sum, b) => sum + b.size, 0);
  return `Keeps ${backups(kept)}, deletes ${backups(deleted)} (frees ${formatBytes(freed)}).`;
}
