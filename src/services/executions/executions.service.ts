import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../db/schema.js';
import { ExecutionsRepo, type ExecutionFilter } from '../../db/repositories/executions.repo.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { redactUrls } from '../../lib/redact.js';
import { FINISHED_STATUSES, type ExecutionStatus, type ExecutionTrigger, type ExecutionType } from '../../domain/job.js';
import { executionView, type ExecutionProgress, type ExecutionView } from './execution-view.js';

export interface EnqueueRequest {
  type: ExecutionType;
  trigger: ExecutionTrigger;
  jobId?: string | null;
  sourceId?: string | null;
  payload?: unknown;
  /** A schedule tick: a second enqueue for the same job and tick is ignored (returns null). */
  scheduledFor?: string | null;
  maxAttempts?: number;
}

/**
 * The record of every run: status, log lines, progress, result. Emits 'change' with the execution id
 * so live views (SSE) can wake up; they re-read the database, which also sees other workers' runs.
 */
export class ExecutionsService {
  readonly repo: ExecutionsRepo;
  readonly events = new EventEmitter().setMaxListeners(0);

  constructor(db: Kysely<AppDatabase>, private readonly clock: Clock) {
    this.repo = new ExecutionsRepo(db);
  }

  async enqueue(request: EnqueueRequest): Promise<ExecutionView | null> {
    const id = randomUUID();
    const inserted = await this.repo.insert({
      id, type: request.type, status: 'queued', trigger: request.trigger,
      job_id: request.jobId ?? null, source_id: request.sourceId ?? null, attempt: 1,
      max_attempts: request.maxAttempts ?? 1, queued_at: this.now(), scheduled_for: request.scheduledFor ?? null,
      payload: request.payload === undefined ? null : JSON.stringify(request.payload),
    });
    if (!inserted) return null;
    this.changed(id);
    return this.get(id);
  }

  async get(id: string): Promise<ExecutionView> {
    const row = await this.repo.find(id);
    if (!row) throw new NotFoundError(`No execution with id ${id}`);
    return executionView(row);
  }

  async list(filter: ExecutionFilter): Promise<ExecutionView[]> {
    return (await this.repo.list(filter)).map(executionView);
  }

  async facets(filter: ExecutionFilter) {
    const [status, job, source, trigger] = await Promise.all([
      this.repo.facet('status', filter), this.repo.facet('job_id', filter), this.repo.facet('source_id', filter), this.repo.facet('trigger', filter),
    ]);
    return { status, job, source, trigger };
  }

  /**
   * A page of history with its facets. The status facet, summed over the statuses asked for, is the exact
   * number of matching runs: when it is 0 the page is not read, since finding no row for a combination of
   * filters can mean walking a whole index range.
   */
  async history(filter: ExecutionFilter) {
    const facets = await this.facets(filter);
    const matching = facets.status.filter((f) => !filter.status?.length || filter.status.includes(f.value ?? '')).reduce((sum, f) => sum + f.count, 0);
    return { items: matching === 0 ? [] : await this.list(filter), facets };
  }

  /** Appends a log line; secrets in URLs are removed whatever the caller passes. */
  async log(id: string, message: string, level: 'info' | 'warn' | 'error' = 'info', step: string | null = null): Promise<void> {
    await this.repo.appendLog(id, this.now(), level, redactUrls(message), step);
    this.changed(id);
  }

  async progress(id: string, progress: ExecutionProgress): Promise<void> {
    await this.repo.update(id, { progress: JSON.stringify(progress), heartbeat_at: this.now() });
    this.changed(id);
  }

  async finish(id: string, status: ExecutionStatus, result: unknown, error: string | null): Promise<void> {
    await this.repo.update(id, { status, finished_at: this.now(), result: result === null ? null : JSON.stringify(result), error: error === null ? null : redactUrls(error) });
    this.changed(id);
  }

  /** Queued runs are cancelled at once; running ones are flagged for their worker to stop. */
  async cancel(id: string): Promise<ExecutionView> {
    const execution = await this.get(id);
    if ((FINISHED_STATUSES as string[]).includes(execution.status)) throw new ConflictError(`Execution already ${execution.status}`);
    if (execution.status === 'queued' && (await this.repo.update(id, { status: 'cancelled', finished_at: this.now(), error: 'Cancelled before it started' }, 'queued'))) {
      this.changed(id);
      return this.get(id);
    }
    await this.repo.update(id, { cancel_requested: 1 });
    this.changed(id);
    this.events.emit('cancel', id);
    return this.get(id);
  }

  logs(id: string, afterId = 0) {
    return this.repo.logs(id, afterId);
  }

  private changed(id: string): void {
    this.events.emit('change', id);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
