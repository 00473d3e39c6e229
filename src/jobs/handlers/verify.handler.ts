import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import { firstLine } from '../../lib/errors.js';
import type { VerifyService } from '../../services/verify/verify.service.js';
import type { HandlerOutcome } from '../queue.js';

/** Runs a queued verification: a backup that fails its check makes the execution fail, with the reason. */
export function verifyHandler(verify: VerifyService) {
  return async (execution: ExecutionRow, signal: AbortSignal): Promise<HandlerOutcome> => {
    try {
      const result = await verify.run(execution, signal);
      return { status: result.status === 'passed' ? 'succeeded' : 'failed', result, error: result.error, retryable: false };
    } catch (error) {
      return { status: signal.aborted ? 'cancelled' : 'failed', result: null, error: firstLine(error), retryable: false };
    }
  };
}
