import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { backupHandler, type BackupHandlerDeps } from '../jobs/handlers/backup.handler.js';
import { firstLine } from '../lib/errors.js';
import { restoreHandler } from '../jobs/handlers/restore.handler.js';
import { verifyHandler } from '../jobs/handlers/verify.handler.js';
import { drillHandler } from '../jobs/handlers/drill.handler.js';
import { DbQueue } from '../jobs/queue-local.js';
import { recoverInterrupted } from '../jobs/recovery.js';
import { Scheduler } from '../jobs/scheduler.js';
import { retentionAfterBackup } from '../services/retention/after-backup.js';
import { notifyAfterBackup } from '../services/notifications/backup-notifications.js';
import { NotificationChecks } from '../services/notifications/checks/notification-checks.js';
import { announceRetention } from '../services/notifications/retention-notifications.js';
import { drillEventFor, restoreEventFor, verifyEventFor } from '../services/notifications/run-events.js';
import { notifyWhenFinished } from '../services/notifications/system-events.js';
import type { Runtime } from './bootstrap.js';
import type { Services } from './services.js';
import type { ExecutionHandler } from '../jobs/queue.js';
import { DEFAULT_MAX_CONCURRENT_JOBS, DEFAULT_WORKER_LEASE_SECONDS } from '../services/settings/general-settings.service.js';

/**
 * The work that runs besides the HTTP API: the queue (any process) and the scheduler. On SQLite a single
 * process owns everything; on PostgreSQL any number of workers share the queue through the database.
 */
export async function startBackgroundWork(runtime: Runtime, services: Services, options: { scheduler: boolean; pollMs?: number }) {
  const single = runtime.appDb.dialect === 'sqlite';
  // A worker that stops heartbeating for this long is dead: its executions are failed or retried.
  const leaseMs = ((await services.settings.get<number>('workerLeaseSeconds')) ?? DEFAULT_WORKER_LEASE_SECONDS) * 1000;
  const { executions, jobs, sources, destinations, settings } = services;
  const cleanUp = (row: Parameters<typeof services.restore.cleanUpInterrupted>[0]) => services.restore.cleanUpInterrupted(row);
  await recoverInterrupted({ executions, clock: runtime.clock, logger: runtime.logger, leaseMs: single ? undefined : leaseMs, cleanUp });
  const runEvents = { ...services, clock: runtime.clock };
  const queue = new DbQueue({
    db: runtime.appDb.db,
    dialect: runtime.appDb.dialect,
    executions,
    handler: byType({
      backup: backupHandler({ jobs, sources, destinations, executions, clock: runtime.clock, encryptionFor: (job) => services.encryption.encryptionFor(job), after: afterBackup(runtime, services) }),
      // Restores, failed verifications and failed drills are system events: announced once the run has finished.
      restore: notifyWhenFinished(restoreHandler(services.restore), services.notifications, restoreEventFor(runEvents)),
      verify: notifyWhenFinished(verifyHandler(services.verify), services.notifications, verifyEventFor(runEvents)),
      drill: notifyWhenFinished(drillHandler(services.drills), services.notifications, drillEventFor(runEvents)),
    }),
    maxConcurrentJobs: async () => (await settings.get<number>('maxConcurrentJobs')) ?? DEFAULT_MAX_CONCURRENT_JOBS,
    clock: runtime.clock,
    logger: runtime.logger,
    workerId: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    pollMs: options.pollMs,
    heartbeatMs: Math.min(5000, leaseMs / 4),
  });
  services.wakeQueue = () => queue.wake();
  await queue.start();
  const scheduler = options.scheduler
    ? new Scheduler({
        jobs, executions, clock: runtime.clock, logger: runtime.logger, onQueued: () => queue.wake(),
        pausedSources: async () => new Set((await sources.list()).filter((s) => !s.active).map((s) => s.id)),
      })
    : undefined;
  scheduler?.start();
  // Unreachable sources and destinations, storage over its threshold, missed schedule ticks.
  const checks = options.scheduler ? new NotificationChecks({ ...services, db: runtime.appDb.db, clock: runtime.clock, logger: runtime.logger }) : undefined;
  checks?.start();
  const configTicker = options.scheduler ? setInterval(() => void services.configBackup.tick(), 30_000) : undefined;
  configTicker?.unref();
  // With several workers, a dead worker's executions are found by their expired lease.
  const reaper = single ? undefined : setInterval(() => void recoverInterrupted({ executions, clock: runtime.clock, logger: runtime.logger, leaseMs, cleanUp }), leaseMs / 2);
  reaper?.unref();
  return {
    queue,
    scheduler,
    checks,
    async stop() {
      scheduler?.stop();
      await checks?.stop();
      clearInterval(configTicker);
      clearInterval(reaper);
      await queue.stop();
      await services.notifications.stop();
    },
  };
}


/**
 * What follows every backup, each step on its own: notifications, retention, restore drill. One failing
 * step is logged on the execution and never stops the next one or changes the backup's result.
 */
function afterBackup(runtime: Runtime, services: Services): NonNullable<BackupHandlerDeps['after']> {
  const steps = [
    notifyAfterBackup({ ...services, clock: runtime.clock }),
    announceRetention(retentionAfterBackup(services.retention, services.executions), { ...services, clock: runtime.clock }),
    (...a: Parameters<NonNullable<BackupHandlerDeps['after']>>) => services.drills.afterBackup(...a),
  ];
  return async (job, execution, outcome) => {
    for (const step of steps) {
      await step(job, execution, outcome).catch((error: unknown) =>
        services.executions.log(execution.id, `After-backup step failed: ${firstLine(error)}`, 'warn'),
      );
    }
  };
}

/** Each execution type has its own handler; an unknown type fails clearly instead of running a backup. */
function byType(handlers: Partial<Record<string, ExecutionHandler>>): ExecutionHandler {
  return async (execution, signal) => {
    const handler = handlers[execution.type];
    if (!handler) return { status: 'failed', result: null, error: `No handler for executions of type ${execution.type}`, retryable: false };
    return handler(execution, signal);
  };
}
