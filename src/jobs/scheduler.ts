import type { Clock } from '../lib/clock.js';
import { firstLine } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { toBool } from '../db/dialect.js';
import { dueRun } from '../domain/schedule.js';
import type { ExecutionsService } from '../services/executions/executions.service.js';
import type { JobsService } from '../services/jobs/jobs.service.js';

export interface SchedulerDeps {
  jobs: JobsService;
  executions: ExecutionsService;
  /** Sources whose jobs are paused. */
  pausedSources: () => Promise<Set<string>>;
  clock: Clock;
  logger: Logger;
  /** Called after something was queued. */
  onQueued?: () => void;
}

/**
 * Turns schedules into queued executions. `tick` is a pure step over the clock's time, so tests drive it
 * with a fake clock; each tick is recorded once per job (a unique key), so any number of schedulers in a
 * cluster queue it exactly once.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: SchedulerDeps) {}

  start(intervalMs = 15_000): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Queues every job that is due now; returns how many were queued. Never throws. */
  async tick(): Promise<number> {
    const { jobs, executions, clock, logger } = this.deps;
    let queued = 0;
    try {
      const now = clock.now();
      const paused = await this.deps.pausedSources();
      for (const row of await jobs.repo.list()) {
        if (!toBool(row.enabled) || !row.schedule || paused.has(row.source_id)) continue;
        const job = jobs.view(row);
        const due = dueRun(job.schedule!, { lastRunAt: row.last_scheduled_at ? new Date(row.last_scheduled_at) : null, now, catchUp: job.options.catchUp });
        if (!due) continue;
        const at = due.at.toISOString();
        const execution = await executions.enqueue({
          type: 'backup', trigger: 'schedule', jobId: job.id, sourceId: job.sourceId, scheduledFor: at,
          maxAttempts: job.options.maxAttempts, payload: { retryDelaySeconds: job.options.retryDelaySeconds },
        });
        await jobs.repo.setLastScheduled(job.id, at);
        if (execution) {
          queued++;
          if (due.kind === 'catch-up') await executions.log(execution.id, `Catch-up run for the missed ${at} tick`, 'warn');
        }
      }
    } catch (error) {
      logger.error({ err: firstLine(error) }, 'Scheduler tick failed');
    }
    if (queued) this.deps.onQueued?.();
    return queued;
  }
}
