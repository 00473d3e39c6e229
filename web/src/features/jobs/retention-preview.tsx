import { Skeleton } from '../../components/ui/skeleton';
import { formatBytes, formatDateTime } from '../../lib/format';
import { cn } from '../../lib/utils';
import type { JobInput } from './hooks';
import { useRetentionPreview } from './hooks';
import { describePlan, type DestinationPlan } from './retention-summary';

type Planned = DestinationPlan['keep'][number] | DestinationPlan['delete'][number];

function BackupLine({ backup, deleted }: { backup: Planned; deleted: boolean }) {
  const reasons = 'reasons' in backup ? backup.reasons.join(', ') : '';
  return (
    <li className="flex items-baseline gap-2 text-xs">
      <span className={cn('w-14 shrink-0 font-medium', deleted ? 'text-destructive' : 'text-success')}>{deleted ? 'delete' : 'keep'}</span>
      <span className="whitespace-nowrap">{formatDateTime(backup.startedAt)}</span>
      <span className="min-w-0 truncate text-muted-foreground">{backup.database ?? backup.source}{backup.locked ? ' · locked' : ''}{reasons && ` · ${reasons}`}</span>
      <span className="ml-auto whitespace-nowrap font-mono text-muted-foreground">{formatBytes(backup.size)}</span>
    </li>
  );
}

function DestinationPreview({ plan }: { plan: DestinationPlan }) {
  const lines = [...plan.delete.map((b) => ({ b, deleted: true })), ...plan.keep.map((b) => ({ b, deleted: false }))]
    .sort((x, y) => y.b.startedAt.localeCompare(x.b.startedAt));
  return (
    <li className="grid min-w-0 grid-cols-1 gap-1">
      <p className="text-sm"><span className="font-medium">{plan.destinationName}:</span> {describePlan(plan)}</p>
      {lines.length > 0 && (
        <details className="rounded-md border bg-muted/30 px-3 py-1.5">
          <summary className="cursor-pointer text-xs text-muted-foreground">{lines.length === 1 ? 'Show the backup' : `Show the ${lines.length} backups`}</summary>
          <ul className="mt-1.5 grid max-h-40 grid-cols-1 gap-1 overflow-y-auto">
            {lines.map(({ b, deleted }) => <BackupLine key={b.key} backup={b} deleted={deleted} />)}
          </ul>
        </details>
      )}
    </li>
  );
}

/** Dry run of the rules as they stand in the form: what each destination would keep and delete now. */
export function RetentionPreview({ jobId, policy }: { jobId: string | undefined; policy: JobInput['retention'] }) {
  const preview = useRetentionPreview(jobId, policy);
  let body;
  if (!jobId) body = <p className="text-sm text-muted-foreground">This job has no backups yet, so nothing would be deleted. The rules apply after each run, from the first one on.</p>;
  else if (preview.isError) body = <p className="text-sm text-destructive">The preview failed: {preview.error.message}</p>;
  else if (!preview.data) body = <Skeleton className="h-12" />;
  // While the changed rules are asked about, the previous answer stays, dimmed, instead of a blank skeleton.
  else body = <ul className={cn('grid grid-cols-1 gap-3 transition-opacity', preview.isPlaceholderData && 'opacity-60')}>{preview.data.destinations.map((plan) => <DestinationPreview key={plan.destinationId} plan={plan} />)}</ul>;
  return (
    <section className="grid min-w-0 grid-cols-1 gap-2" aria-label="Retention preview" aria-busy={preview.isPlaceholderData}>
      <h3 className="text-sm font-medium">If these rules ran now <span className="font-normal text-muted-foreground">(dry run: nothing is deleted)</span></h3>
      {body}
    </section>
  );
}
