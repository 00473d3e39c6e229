import type { Clock } from '../../lib/clock.js';
import type { JobView } from '../jobs/jobs.service.js';
import type { RetentionTotals } from '../retention/retention.service.js';
import type { NotificationsService } from './notifications.service.js';

type RetentionStep = (job: JobView, execution: { id: string }, outcome: { status: string }) => Promise<RetentionTotals | undefined>;

/** Wraps the retention after-backup step: when it removed backups, the system channels hear how many, where and how much. */
export function announceRetention(step: RetentionStep, deps: { notifications: Pick<NotificationsService, 'notifySystem'>; clock: Clock }) {
  return async (job: JobView, execution: { id: string }, outcome: { status: string }): Promise<void> => {
    const totals = await step(job, execution, outcome);
    if (!totals || totals.deleted === 0) return;
    await deps.notifications.notifySystem({
      type: 'retention.removed', occurredAt: deps.clock.now().toISOString(), executionId: execution.id, job: { id: job.id, name: job.name },
      destinations: totals.destinations, removedCount: totals.deleted, freedBytes: totals.freedBytes,
    });
  };
}
