import type { Clock } from '../lib/clock.js';
import { firstLine } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { toBool } from '../db/dialect.js';
import { dueRun } from '../domain/schedule.js';
import { scheduledDrill } from '../services/drills/drill.service.js';
import type { EnqueueRequest, ExecutionsService } from '../services/executions/executions.service.js';
import type { JobsService, JobView } from '../services/jobs/jobs.service.js';
import { scheduledVerification } from '../services/verify/verify.service.js';
import type { Schedule } from '../domain/schedule.js';

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

/** A job's own schedules besides its backup: restore drills and verification of its newest backups. */
const PROOF_SCHEDULES: { type: 'drill' | 'verify'; schedule(job: JobView): Schedule | null; request(job: JobView, at: string): EnqueueRequest }[] = [
  { type: 'drill', schedule: (job) => (job.options.drill.enabled && job.options.drill.targetSourceId ? job.options.drill.schedule : null), request: scheduledDrill },
  { type: 'verify', schedule: (job) => job.options.verify.schedule, request: scheduledVerification },
];

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
      const lastTicks = new Map((await executions.repo.lastTicks(PROOF_SCHEDULES.map((p) => p.type))).map((t) => [`${t.job_id} ${t.type}`, t.at]));
      for (const row of await jobs.repo.list()) {
        if (!toBool(row.enabled) || paused.has(row.source_id)) continue;
        const job = jobs.view(row);
        if (job.schedule) queued += await this.queueBackup(job, row.last_scheduled_at, now);
        queued += await this.queueProofs(job, lastTicks, now);
      }
    } catch (error) {
      logger.error({ err: firstLine(error) }, 'Scheduler tick failed');
    }
    if (queued) this.deps.onQueued?.();
    return queued;
  }

  /** Queues the job's backup when its schedule is due; the tick is recorded on the job even when another scheduler queued it. */
  private async queueBackup(job: JobView, lastScheduledAt: string | null, now: Date): Promise<number> {
    const { jobs, executions } = this.deps;
    const due = dueRun(job.schedule!, { lastRunAt: lastScheduledAt ? new Date(lastScheduledAt) : null, now, catchUp: job.options.catchUp });
    if (!due) return 0;
    const at = due.at.toISOString();
    const execution = await executions.enqueue({
      type: 'backup', trigger: 'schedule', jobId: job.id, sourceId: job.sourceId, scheduledFor: at,
      maxAttempts: job.options.maxAttempts, payload: { retryDelaySeconds: job.options.retryDelaySeconds },
    });
    await jobs.repo.setLastScheduled(job.id, at);
    if (!execution) return 0;
    if (due.kind === 'catch-up') await executions.log(execution.id, `Catch-up run for the missed ${at} tick`, 'warn');
    return 1;
  }

  /** Queues the job's drill and verification when their own schedules are due; the last tick of each is its newest execution. */
  private async queueProofs(job: JobView, lastTicks: Map<string, string>, now: Date): Promise<number> {
    let queued = 0;
    for (const proof of PROOF_SCHEDULES) {
      const schedule = proof.schedule(job);
      if (!schedule) continue;
      const last = lastTicks.get(`${job.id} ${proof.type}`);
      const due = dueRun(schedule, { lastRunAt: last ? new Date(last) : null, now, catchUp: job.options.catchUp });
      if (due && (await this.deps.executions.enqueue(proof.request(job, due.at.toISOString())))) queued++;
    }
    return queued;
  }
}
