import { sql, type Insertable, type Kysely, type Selectable, type SelectQueryBuilder, type Updateable } from 'kysely';
import type { AppDatabase, ExecutionsTable } from '../schema.js';
import { toNumber } from '../dialect.js';

export interface ExecutionFilter {
  status?: string[];
  jobId?: string[];
  sourceId?: string[];
  trigger?: string[];
  type?: string[];
  /** Only executions queued before this ISO time (keyset pagination, newest first)... */
  before?: string;
  /** ...or at that time with a smaller id: the last id of the previous page, so equal times never skip a run. */
  beforeId?: string;
  limit: number;
}

export type ExecutionRow = Selectable<ExecutionsTable>;

type Facet = 'status' | 'job_id' | 'source_id' | 'trigger';

/** Executions and their log lines. Queries stay index-backed for large histories. */
export class ExecutionsRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  /** False when this job already has an execution of the same type for the same schedule tick. */
  async insert(row: Insertable<ExecutionsTable>): Promise<boolean> {
    const result = await this.db
      .insertInto('executions')
      .values(row)
      .onConflict((oc) => oc.columns(['job_id', 'type', 'scheduled_for']).doNothing())
      .executeTakeFirst();
    return toNumber(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  find(id: string): Promise<ExecutionRow | undefined> {
    return this.db.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async update(id: string, changes: Updateable<ExecutionsTable>, onlyIfStatus?: string): Promise<boolean> {
    let query = this.db.updateTable('executions').set(changes).where('id', '=', id);
    if (onlyIfStatus) query = query.where('status', '=', onlyIfStatus);
    const result = await query.executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  /** Newest first; each filter column leads an index ending in (queued_at, id), so a page reads only its rows. */
  async list(filter: ExecutionFilter): Promise<ExecutionRow[]> {
    let query = whereMatches(this.db.selectFrom('executions'), filter).selectAll().orderBy('queued_at', 'desc').orderBy('id', 'desc').limit(filter.limit);
    const { before, beforeId } = filter;
    if (before && beforeId) query = query.where((eb) => eb.or([eb('queued_at', '<', before), eb.and([eb('queued_at', '=', before), eb('id', '<', beforeId)])]));
    else if (before) query = query.where('queued_at', '<', before);
    return query.execute();
  }

  /**
   * Counts per option of one facet under every other active filter (for the UI's faceted filters), summed
   * from execution_counts: a few rows per job, however long the history.
   */
  async facet(column: Facet, filter: ExecutionFilter): Promise<{ value: string | null; count: number }[]> {
    const others = { ...filter, [keyOf(column)]: undefined };
    const rows = await whereMatches(this.db.selectFrom('execution_counts'), others)
      .select([column, (eb) => eb.fn.sum<string | number>('total').as('count')])
      .where('total', '>', 0)
      .groupBy(column)
      .execute();
    return rows.map((r) => ({ value: (r as Record<string, string>)[column] || null, count: toNumber(r.count) }));
  }

  /** Queued work that may start now, oldest first. */
  async claimable(now: string, limit: number): Promise<ExecutionRow[]> {
    return (await this.db
      .selectFrom('executions')
      .selectAll()
      .where('status', '=', 'queued')
      .where((eb) => eb.or([eb('run_after', 'is', null), eb('run_after', '<=', now)]))
      .orderBy('queued_at')
      .limit(limit)
      .execute());
  }

  /**
   * Claims a running execution for recovery only if it is still exactly as `seen` (same worker, same heartbeat):
   * false when its worker proved alive or another recovery took it first.
   */
  async takeOver(seen: ExecutionRow, by: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('executions').set({ worker: by, heartbeat_at: at })
      .where('id', '=', seen.id).where('status', '=', 'running')
      .where('worker', seen.worker === null ? 'is' : '=', seen.worker)
      .where('heartbeat_at', seen.heartbeat_at === null ? 'is' : '=', seen.heartbeat_at)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  async running(): Promise<ExecutionRow[]> {
    return (await this.db.selectFrom('executions').selectAll().where('status', '=', 'running').execute());
  }

  async activeForJob(jobId: string): Promise<ExecutionRow[]> {
    return (await this.db.selectFrom('executions').selectAll().where('job_id', '=', jobId).where('status', 'in', ['queued', 'running']).execute());
  }

  async appendLog(executionId: string, at: string, level: string, message: string, step: string | null = null): Promise<void> {
    await this.db.insertInto('execution_logs').values({ execution_id: executionId, at, level, step, message }).execute();
  }

  async logs(executionId: string, afterId = 0, limit = 1000) {
    const rows = await this.db
      .selectFrom('execution_logs')
      .selectAll()
      .where('execution_id', '=', executionId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, id: toNumber(r.id) }));
  }

  /** The latest schedule tick queued per job for each of `types` (a job's own drill and verification schedules). */
  async lastTicks(types: string[]): Promise<{ job_id: string; type: string; at: string }[]> {
    const rows = await this.db
      .selectFrom('executions')
      .select(['job_id', 'type', sql<string>`max(scheduled_for)`.as('at')])
      .where('type', 'in', types)
      .where('scheduled_for', 'is not', null)
      .where('job_id', 'is not', null)
      .groupBy(['job_id', 'type'])
      .execute();
    return rows as { job_id: string; type: string; at: string }[];
  }

  /** Last successful backup time per job, for the dashboard and metrics. */
  async lastSuccessByJob(): Promise<{ job_id: string; at: string }[]> {
    const rows = await this.db
      .selectFrom('executions')
      .select(['job_id', sql<string>`max(finished_at)`.as('at')])
      .where('type', '=', 'backup')
      .where('status', '=', 'succeeded')
      .where('job_id', 'is not', null)
      .groupBy('job_id')
      .execute();
    return rows as { job_id: string; at: string }[];
  }

}

const FILTER_COLUMNS = [['status', 'status'], ['jobId', 'job_id'], ['sourceId', 'source_id'], ['trigger', 'trigger'], ['type', 'type']] as const;

/** The filter's conditions, on executions or on execution_counts (same column names). */
function whereMatches<T extends 'executions' | 'execution_counts'>(query: SelectQueryBuilder<AppDatabase, T, object>, filter: Partial<ExecutionFilter>) {
  let out = query;
  for (const [key, column] of FILTER_COLUMNS) {
    const values = filter[key];
    if (values?.length) out = out.where(sql.ref(column), 'in', values);
  }
  return out;
}

function keyOf(column: Facet): keyof ExecutionFilter {
  return ({ status: 'status', job_id: 'jobId', source_id: 'sourceId', trigger: 'trigger' } as const)[column];
}
