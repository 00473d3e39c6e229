import type { Kysely } from 'kysely';
import { NotificationChecksRepo } from '../../../db/repositories/notifications/checks.repo.js';
import type { AppDatabase } from '../../../db/schema.js';
import type { Clock } from '../../../lib/clock.js';
import { firstLine } from '../../../lib/errors.js';
import type { Logger } from '../../../lib/logger.js';
import type { NotificationsService } from '../notifications.service.js';
import { ConditionLog } from './condition-log.js';
import { checkMissedSchedules, type MissedSchedulesDeps } from './missed-schedules.js';
import { checkReachability, type ReachabilityDeps } from './reachability.js';
import { checkStorageUsage, type StorageUsageDeps } from './storage-usage.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface NotificationChecksDeps {
  db: Kysely<AppDatabase>;
  jobs: MissedSchedulesDeps['jobs'] & ReachabilityDeps['jobs'];
  sources: ReachabilityDeps['sources'];
  destinations: ReachabilityDeps['destinations'];
  storage: StorageUsageDeps['storage'];
  notifications: Pick<NotificationsService, 'notifySystem' | 'getSettings'>;
  clock: Clock;
  logger: Logger;
}

interface Check {
  name: string;
  everyMs: number;
  run: () => Promise<void>;
}

/**
 * The periodic checks behind the system events that no execution raises: a source or destination that stopped
 * answering (every 5 minutes; announced after two failed tries, reminded daily), a destination over its usage
 * threshold (hourly; reminded daily), and schedule ticks that never ran (every minute). Each check runs on its
 * own timer and never overlaps itself.
 */
export class NotificationChecks {
  private readonly checks: Check[];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly deps: NotificationChecksDeps) {
    const repo = new NotificationChecksRepo(deps.db);
    const common = { clock: deps.clock, notify: (event: Parameters<NotificationsService['notifySystem']>[0]) => deps.notifications.notifySystem(event) };
    this.checks = [
      {
        name: 'reachability', everyMs: 5 * MINUTE,
        run: () => checkReachability({ ...common, ...deps, conditions: new ConditionLog(repo, deps.clock, { raiseAfter: 2, remindAfterMs: 24 * HOUR }), timeoutMs: 30_000 }),
      },
      {
        name: 'storage usage', everyMs: HOUR,
        run: () => checkStorageUsage({ ...common, ...deps, thresholds: async () => (await deps.notifications.getSettings()).usageThresholds ?? [], conditions: new ConditionLog(repo, deps.clock, { raiseAfter: 1, remindAfterMs: 24 * HOUR }) }),
      },
      {
        name: 'missed schedules', everyMs: MINUTE,
        run: () => checkMissedSchedules({ ...common, ...deps, checks: repo, pausedSources: () => this.pausedSources(), queuedTicks: (jobId, from, to) => this.queuedTicks(jobId, from, to) }),
      },
    ];
  }

  start(): void {
    for (const check of this.checks) {
      const timer = setInterval(() => void this.runCheck(check), check.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Runs every check once now (tests, and the CLI's health commands). */
  async runAll(): Promise<void> {
    for (const check of this.checks) await this.runCheck(check);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.all(this.running.values());
  }

  private runCheck(check: Check): Promise<void> {
    const current = this.running.get(check.name);
    if (current) return current;
    const run = check.run()
      .catch((error: unknown) => this.deps.logger.error({ check: check.name, err: firstLine(error) }, 'Notification check failed'))
      .finally(() => this.running.delete(check.name));
    this.running.set(check.name, run);
    return run;
  }

  private async pausedSources(): Promise<Set<string>> {
    return new Set((await this.deps.sources.list()).filter((s) => !s.active).map((s) => s.id));
  }

  private async queuedTicks(jobId: string, from: string, to: string): Promise<string[]> {
    const rows = await this.deps.db
      .selectFrom('executions')
      .select('scheduled_for')
      .where('job_id', '=', jobId)
      .where('type', '=', 'backup')
      .where('scheduled_for', '>', from)
      .where('scheduled_for', '<=', to)
      .execute();
    return rows.map((row) => row.scheduled_for!);
  }
}
