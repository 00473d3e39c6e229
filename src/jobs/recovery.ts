import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { toNumber } from '../db/dialect.js';
import type { ExecutionsService } from '../services/executions/executions.service.js';

/**
 * Executions left "running" by a process that died. A single node owns every execution, so at start-up
 * all of them are interrupted; with several workers only those whose lease (heartbeat) expired are.
 * Their artifacts never got a sidecar, so storage never presents them as backups.
 */
export async function recoverInterrupted(options: {
  executions: ExecutionsService;
  clock: Clock;
  logger: Logger;
  /** Undefined = single node: everything running is interrupted. */
  leaseMs?: number;
}): Promise<number> {
  const { executions, clock, logger, leaseMs } = options;
  const now = clock.now().getTime();
  const stale = (await executions.repo.running()).filter(
    (row) => leaseMs === undefined || !row.heartbeat_at || now - Date.parse(row.heartbeat_at) > leaseMs,
  );
  for (const row of stale) {
    const reason = leaseMs === undefined ? 'Lifeboat stopped while this ran (crash or restart)' : `Worker ${row.worker ?? '?'} stopped answering`;
    const attempt = toNumber(row.attempt);
    if (attempt < toNumber(row.max_attempts)) {
      await executions.log(row.id, `${reason}; retrying`, 'warn');
      await executions.repo.update(row.id, { status: 'queued', attempt: attempt + 1, worker: null }, 'running');
    } else {
      await executions.log(row.id, reason, 'error');
      await executions.finish(row.id, 'failed', null, reason);
    }
  }
  if (stale.length) logger.warn({ count: stale.length }, 'Recovered interrupted executions');
  return stale.length;
}
