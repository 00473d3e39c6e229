import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AppDatabase } from '../db/schema.js';
import type { ExecutionRow, ExecutionsRepo } from '../db/repositories/executions.repo.js';
import { toNumber } from '../db/dialect.js';
import type { Clock } from '../lib/clock.js';
import { firstLine } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { ExecutionsService } from '../services/executions/executions.service.js';
import { retryDelayMs } from '../domain/job.js';
import type { ExecutionHandler, HandlerOutcome, Queue } from './queue.js';

export interface DbQueueOptions {
  db: Kysely<AppDatabase>;
  dialect: 'sqlite' | 'postgres';
  executions: ExecutionsService;
  handler: ExecutionHandler;
  maxConcurrentJobs: () => Promise<number>;
  clock: Clock;
  logger: Logger;
  workerId: string;
  pollMs?: number;
  /** How often running executions prove their worker is alive; well under the lease others check. */
  heartbeatMs?: number;
}

/**
 * The queue over the app database, for one process (SQLite) or many (PostgreSQL): claiming is one
 * serialized transaction (a PostgreSQL advisory lock across workers) that checks the global limit and
 * the one-running-per-job rule, so no limit is ever exceeded whatever the number of workers.
 */
export class DbQueue implements Queue {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private timers: NodeJS.Timeout[] = [];
  private pumping: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly repo: ExecutionsRepo;

  constructor(private readonly options: DbQueueOptions) {
    this.repo = options.executions.repo;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.options.executions.events.on('cancel', this.onCancel);
    const poll = this.options.pollMs ?? 1000;
    this.timers = [setInterval(() => this.wake(), poll), setInterval(() => void this.heartbeat(), this.options.heartbeatMs ?? 5000)];
    for (const timer of this.timers) timer.unref();
    this.wake();
  }

  /** Stops taking work; running executions are interrupted and recorded as failed (retried later if allowed). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.options.executions.events.off('cancel', this.onCancel);
    await this.pumping;
    for (const run of this.running.values()) run.controller.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  wake(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump()
      .catch((error: Error) => this.options.logger.error({ err: error.message }, 'Queue pump failed'))
      .finally(() => {
        this.pumping = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Resolves when nothing runs in this process (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.pumping || this.running.size > 0) {
      await this.pumping;
      await Promise.all([...this.running.values()].map((r) => r.done));
    }
  }

  private async pump(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const claimed = await this.claimNext();
      if (!claimed) return;
      this.launch(claimed);
    }
  }

  private async claimNext(): Promise<ExecutionRow | undefined> {
    const limit = await this.options.maxConcurrentJobs();
    return this.options.db.transaction().execute(async (trx) => {
      if (this.options.dialect === 'postgres') await sql`select pg_advisory_xact_lock(7411)`.execute(trx);
      // Read after the lock: another worker may have held it, and the start time must not include that wait.
      const now = this.options.clock.now().toISOString();
      const busy = await trx.selectFrom('executions').select(['job_id']).where('status', '=', 'running').execute();
      if (busy.length >= limit) return undefined;
      const busyJobs = new Set(busy.map((b) => b.job_id).filter(Boolean));
      const candidates = await trx
        .selectFrom('executions').selectAll().where('status', '=', 'queued')
        .where((eb) => eb.or([eb('run_after', 'is', null), eb('run_after', '<=', now)]))
        // A job's backup goes before its verification or drill queued at the same instant (one scheduler tick),
        // so these check the backup of that tick rather than the one before it.
        .orderBy('queued_at').orderBy(sql`case when type = 'backup' then 0 else 1 end`).orderBy('id').limit(200).execute();
      const next = candidates.find((c) => !c.job_id || !busyJobs.has(c.job_id));
      if (!next) return undefined;
      const changes = { status: 'running', started_at: next.started_at ?? now, worker: this.options.workerId, heartbeat_at: now };
      const updated = await trx.updateTable('executions').set(changes).where('id', '=', next.id).where('status', '=', 'queued').executeTakeFirst();
      return toNumber(updated.numUpdatedRows) === 1 ? { ...next, ...changes } : undefined;
    });
  }

  private launch(execution: ExecutionRow): void {
    const controller = new AbortController();
    const done = this.runOne(execution, controller.signal).finally(() => {
      this.running.delete(execution.id);
      this.wake();
    });
    this.running.set(execution.id, { controller, done });
  }

  private async runOne(execution: ExecutionRow, signal: AbortSignal): Promise<void> {
    const { handler, logger } = this.options;
    let outcome: HandlerOutcome;
    try {
      outcome = await handler(execution, signal);
    } catch (error) {
      outcome = { status: 'failed', result: null, error: firstLine(error) };
    }
    if (signal.aborted && outcome.status !== 'succeeded') {
      outcome = this.stopped
        ? { ...outcome, status: 'failed', error: 'Lifeboat stopped during this run' }
        : { ...outcome, status: 'cancelled', error: 'Cancelled while running', retryable: false };
    }
    try {
      await this.settle(execution, outcome);
    } catch (error) {
      logger.error({ executionId: execution.id, err: firstLine(error) }, 'Could not record the end of an execution');
    }
  }

  private async settle(execution: ExecutionRow, outcome: HandlerOutcome): Promise<void> {
    const { executions, clock } = this.options;
    const attempt = toNumber(execution.attempt);
    if (outcome.status === 'failed' && outcome.retryable !== false && attempt < toNumber(execution.max_attempts)) {
      const delay = retryDelayMs({ retryDelaySeconds: retrySeconds(execution) }, attempt);
      await executions.log(execution.id, `Attempt ${attempt} failed: ${outcome.error}. Retrying in ${Math.round(delay / 1000)} s`, 'warn');
      await this.repo.update(execution.id, { status: 'queued', attempt: attempt + 1, run_after: new Date(clock.now().getTime() + delay).toISOString(), worker: null });
      return;
    }
    await executions.finish(execution.id, outcome.status, outcome.result, outcome.error);
  }

  private readonly onCancel = (id: string): void => {
    this.running.get(id)?.controller.abort();
  };

  /** Keeps this worker's leases alive and picks up cancellations requested through another process. */
  private async heartbeat(): Promise<void> {
    const now = this.options.clock.now().toISOString();
    for (const [id, run] of this.running) {
      const row = await this.repo.find(id).catch(() => undefined);
      if (row && toNumber(row.cancel_requested) === 1) run.controller.abort();
      await this.repo.update(id, { heartbeat_at: now }).catch(() => undefined);
    }
  }
}

function retrySeconds(execution: ExecutionRow): number {
  const payload = execution.payload ? (JSON.parse(execution.payload) as { retryDelaySeconds?: number }) : {};
  return payload.retryDelaySeconds ?? 60;
}
