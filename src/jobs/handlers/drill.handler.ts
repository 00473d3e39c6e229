import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import { firstLine } from '../../lib/errors.js';
import type { DrillService } from '../../services/drills/drill.service.js';
import type { HandlerOutcome } from '../queue.js';

/** Runs a queued restore drill: it fails when any artifact did not restore or its row counts differ. */
export function drillHandler(drills: DrillService) {
  return async (execution: ExecutionRow, signal: AbortSignal): Promise<HandlerOutcome> => {
    try {
      const result = await drills.run(execution, signal);
      const errors = result.artifacts.filter((a) => !a.passed).map((a) => `${a.key}: ${a.error}`);
      return { status: result.passed ? 'succeeded' : 'failed', result, error: errors.length ? errors.join('; ') : null, retryable: false };
    } catch (error) {
      return { status: signal.aborted ? 'cancelled' : 'failed', result: null, error: firstLine(error), retryable: false };
    }
  };
}
