import { randomUUID } from 'node:crypto';
import type { ExecutionRow } from '../db/repositories/executions.repo.js';
import { parseJson, toNumber } from '../db/dialect.js';
import type { Clock } from '../lib/clock.js';
import { firstLine } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
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
  /** Removes what the run left behind (a restore's staging database); returns what it did or what is left to do. */
  cleanUp?(row: ExecutionRow): Promise<string | null>;
}): Promise<number> {
  const { executions, clock, logger, leaseMs, cleanUp } = options;
  const now = clock.now().getTime();
  const expired = (await executions.repo.running()).filter(
    (row) => leaseMs === undefined || !row.heartbeat_at || now - Date.parse(row.heartbeat_at) > leaseMs,
  );
  const stale: ExecutionRow[] = [];
  for (const row of expired) {
    // The list may be out of date by now: act only on a run nobody else has taken (or retried and claimed) since.
    if (await executions.repo.takeOver(row, `recovery:${randomUUID()}`, clock.now().toISOString())) stale.push(row);
  }
  for (const row of stale) {
    const reason = leaseMs === undefined ? 'Lifeboat stopped while this ran (crash or restart)' : `Worker ${row.worker ?? '?'} stopped answering`;
    const note = cleanUp ? await cleanUp(row).catch((error: unknown) => `Clean-up after the interruption failed: ${firstLine(error)}`) : null;
    if (note) {
      await executions.log(row.id, note, 'warn');
      logger.warn({ execution: row.id, note }, 'Interrupted execution left something behind');
    }
    const attempt = toNumber(row.attempt);
    if (attempt < toNumber(row.max_attempts)) {
      await executions.log(row.id, `${reason}; retrying`, 'warn');
      await executions.repo.update(row.id, { status: 'queued', attempt: attempt + 1, worker: null }, 'running');
    } else {
      await executions.log(row.id, reason, 'error');
      // The result keeps what the run recorded (e.g. its staging databases), the error says what became of it.
      await executions.finish(row.id, 'failed', parseJson<unknown>(row.result, null), note ? `${reason}. ${note}` : reason);
    }
  }
  if (stale.length) logger.warn({ count: stale.length }, 'Recovered interrupted executions');
  return stale.length;
}
