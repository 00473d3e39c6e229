import type { JobView } from '../jobs/jobs.service.js';
import type { RetentionService, RetentionTotals } from './retention.service.js';

type ExecutionLog = { log(id: string, message: string, level?: 'info' | 'warn' | 'error', step?: string | null): Promise<void> };

/**
 * The backup handler's `after` step: prune the job's destinations once a run stored something
 * (succeeded or partial). What it removed goes into that execution's log and is returned.
 */
export function retentionAfterBackup(retention: RetentionService, executions: ExecutionLog) {
  return async (job: JobView, execution: { id: string }, outcome: { status: string }): Promise<RetentionTotals | undefined> => {
    if (outcome.status !== 'succeeded' && outcome.status !== 'partial') return undefined;
    return retention.run(job, (message, level = 'info') => executions.log(execution.id, message, level, 'retention'));
  };
}
