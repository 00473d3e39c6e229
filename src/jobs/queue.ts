import type { ExecutionRow } from '../db/repositories/executions.repo.js';
import type { ExecutionStatus } from '../domain/job.js';

/** What running one execution produced. A failed attempt may be retried by the queue. */
export interface HandlerOutcome {
  status: Extract<ExecutionStatus, 'succeeded' | 'partial' | 'failed' | 'cancelled'>;
  result: unknown;
  error: string | null;
  /** False when retrying cannot help (bad configuration); default true for failures. */
  retryable?: boolean;
}

export type ExecutionHandler = (execution: ExecutionRow, signal: AbortSignal) => Promise<HandlerOutcome>;

/**
 * Takes queued executions and runs them: FIFO, at most `maxConcurrentJobs` at once across every worker,
 * one running execution per job, retries with backoff, cancellation of running work.
 */
export interface Queue {
  start(): Promise<void>;
  /** Stops taking work and waits for running executions to finish (or be cancelled). */
  stop(): Promise<void>;
  /** Looks for work now instead of at the next poll. */
  wake(): void;
}
