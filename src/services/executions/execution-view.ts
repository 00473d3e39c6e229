import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import { parseJson, toNumber } from '../../db/dialect.js';

export interface ExecutionProgress {
  bytes: number;
  /** Bytes per second over the run so far. */
  rate: number;
  /** Expected total when known (e.g. restores: the artifact size), for a percentage and an ETA. */
  total: number | null;
  etaSeconds: number | null;
  step: string | null;
  /**
   * Bytes the backup's dump read from the database so far, when the source can tell (absent otherwise): it moves
   * while a dump tool gathers a large row before handing any of it on, when `bytes` stands still.
   */
  sourceBytes?: number;
}

export interface ExecutionView {
  id: string;
  type: string;
  status: string;
  trigger: string;
  jobId: string | null;
  sourceId: string | null;
  attempt: number;
  maxAttempts: number;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  scheduledFor: string | null;
  progress: ExecutionProgress | null;
  result: Record<string, unknown> | null;
  error: string | null;
  cancelRequested: boolean;
}

export function executionView(row: ExecutionRow): ExecutionView {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    trigger: row.trigger,
    jobId: row.job_id,
    sourceId: row.source_id,
    attempt: toNumber(row.attempt),
    maxAttempts: toNumber(row.max_attempts),
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    scheduledFor: row.scheduled_for,
    progress: parseJson<ExecutionProgress | null>(row.progress, null),
    result: parseJson<Record<string, unknown> | null>(row.result, null),
    error: row.error,
    cancelRequested: toNumber(row.cancel_requested) === 1,
  };
}
