import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import { firstLine } from '../../lib/errors.js';
import type { RestoreService } from '../../services/restore/restore.service.js';
import type { HandlerOutcome } from '../queue.js';

/** Runs a queued restore. A restore is never retried automatically: the target may need a look first. */
export function restoreHandler(restore: RestoreService) {
  return async (execution: ExecutionRow, signal: AbortSignal): Promise<HandlerOutcome> => {
    try {
      return { status: 'succeeded', result: await restore.run(execution, signal), error: null };
    } catch (error) {
      return { status: signal.aborted ? 'cancelled' : 'failed', result: null, error: firstLine(error), retryable: false };
    }
  };
}
