import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import { toNumber } from '../../db/dialect.js';
import type { HandlerOutcome } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { firstLine } from '../../lib/errors.js';
import type { ExecutionsService } from '../executions/executions.service.js';
import type { JobView } from '../jobs/jobs.service.js';
import { backupEvent } from './backup-event.js';
import { nameOf } from './names.js';
import type { NotificationsService } from './notifications.service.js';

export interface BackupNotificationsDeps {
  notifications: Pick<NotificationsService, 'notifyRules'>;
  /** Names as they are now are frozen into the message; an id whose entry is gone shows as the id. */
  sources: { get(id: string): Promise<{ name: string }> };
  destinations: { get(id: string): Promise<{ name: string }> };
  /** Where a failure to even start notifying is reported (it never stops the other after-backup steps). */
  executions: Pick<ExecutionsService, 'log'>;
  clock: Clock;
}

/**
 * The backup handler's `after` step for notifications: builds the event from the run and hands it to the
 * job's channels. Returns as soon as delivery has started (it runs in the background), so the queue goes
 * on recording the execution whatever the channels do.
 */
export function notifyAfterBackup(deps: BackupNotificationsDeps) {
  return async (job: JobView, execution: ExecutionRow, outcome: HandlerOutcome): Promise<void> => {
    if (job.notifications.length === 0) return;
    try {
      await notify(deps, job, execution, outcome);
    } catch (error) {
      await deps.executions.log(execution.id, `Could not send notifications: ${firstLine(error)}`, 'warn').catch(() => undefined);
    }
  };
}

async function notify(deps: BackupNotificationsDeps, job: JobView, execution: ExecutionRow, outcome: HandlerOutcome): Promise<void> {
  const event = backupEvent({
    executionId: execution.id,
    job,
    status: outcome.status,
    result: outcome.result,
    error: outcome.error,
    willRetry: outcome.status === 'failed' && outcome.retryable !== false && toNumber(execution.attempt) < toNumber(execution.max_attempts),
    startedAt: execution.started_at,
    sourceName: await nameOf(deps.sources, job.sourceId),
    destinationNames: await Promise.all(job.destinationIds.map((id) => nameOf(deps.destinations, id))),
    now: deps.clock.now(),
  });
  if (event) deps.notifications.notifyRules(job.notifications, event);
}
