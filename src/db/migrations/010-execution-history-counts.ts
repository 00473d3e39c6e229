import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/** The filters of the history; every one gets an index that also serves the newest-first keyset order. */
const FILTERED = ['status', 'job_id', 'source_id', 'trigger', 'type'] as const;
/** Indexes on (column, queued_at) that the ones created here extend with `id`. */
const SUPERSEDED = ['executions_queued_at', 'executions_status', 'executions_job', 'executions_source', 'executions_trigger'];
const KEY = 'status, job_id, source_id, "trigger", type';

/**
 * History at 100k executions and more. The list pages newest first by (queued_at, id), so each filter column
 * leads an index ending in that order and a page reads only its own rows. The counts per filter option come
 * from `execution_counts`, one row per combination of the filtered columns (a few per job), kept exact by
 * triggers in the same statement as every insert, status change and delete, whichever process or worker
 * writes. No null in its key: a missing job or source is ''.
 */
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  for (const column of FILTERED) {
    await db.schema.createIndex(`executions_${column}_recent`).on('executions').columns([column, 'queued_at', 'id']).execute();
  }
  await db.schema.createIndex('executions_recent').on('executions').columns(['queued_at', 'id']).execute();
  for (const name of SUPERSEDED) await db.schema.dropIndex(name).execute();

  await db.schema
    .createTable('execution_counts')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('execution_counts_pk', ['status', 'job_id', 'source_id', 'trigger', 'type'])
    .execute();
  // Other processes of an older version may still write: hold them off until the triggers exist.
  if (dialect === 'postgres') await sql`lock table executions in share row exclusive mode`.execute(db);
  await sql`insert into execution_counts (${sql.raw(KEY)}, total)
    select status, coalesce(job_id, ''), coalesce(source_id, ''), "trigger", type, count(*) from executions
    group by status, coalesce(job_id, ''), coalesce(source_id, ''), "trigger", type`.execute(db);
  for (const statement of dialect === 'postgres' ? POSTGRES_TRIGGERS : SQLITE_TRIGGERS) await sql.raw(statement).execute(db);
}

const row = (side: 'new' | 'old') => `${side}.status, coalesce(${side}.job_id, ''), coalesce(${side}.source_id, ''), ${side}."trigger", ${side}.type`;
const matches = (side: 'new' | 'old') =>
  `status = ${side}.status and job_id = coalesce(${side}.job_id, '') and source_id = coalesce(${side}.source_id, '') and "trigger" = ${side}."trigger" and type = ${side}.type`;
const addNew = `insert into execution_counts (${KEY}, total) values (${row('new')}, 1)
  on conflict (${KEY}) do update set total = total + 1;`;
const removeOld = `update execution_counts set total = total - 1 where ${matches('old')};`;

/** SQLite runs one writer at a time, so row triggers are enough. */
const SQLITE_TRIGGERS = [
  `create trigger executions_counted_insert after insert on executions begin ${addNew} end`,
  `create trigger executions_counted_delete after delete on executions begin ${removeOld} end`,
  `create trigger executions_counted_update after update of ${KEY} on executions
    when old.status is not new.status or old.job_id is not new.job_id or old.source_id is not new.source_id
      or old."trigger" is not new."trigger" or old.type is not new.type
    begin ${removeOld} ${addNew} end`,
];

/**
 * PostgreSQL: one statement-level trigger per kind of change adds up the statement's changes per key and
 * applies them in key order, so concurrent writers lock count rows in the same order and never deadlock.
 */
const deltas = (table: 'added' | 'removed', sign: 1 | -1) =>
  `select status, coalesce(job_id, '') as job_id, coalesce(source_id, '') as source_id, "trigger", type, ${sign} as delta from ${table}`;
const applyDeltas = (source: string) => `insert into execution_counts as c (${KEY}, total)
    select ${KEY}, sum(delta) from (${source}) as d group by ${KEY} having sum(delta) <> 0 order by ${KEY}
    on conflict (${KEY}) do update set total = c.total + excluded.total;`;
const POSTGRES_TRIGGERS = [
  `create function executions_count_changes() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then ${applyDeltas(deltas('added', 1))}
    elsif tg_op = 'DELETE' then ${applyDeltas(deltas('removed', -1))}
    else ${applyDeltas(`${deltas('added', 1)} union all ${deltas('removed', -1)}`)}
    end if;
    return null;
  end $$`,
  `create trigger executions_counted_insert after insert on executions referencing new table as added
    for each statement execute function executions_count_changes()`,
  `create trigger executions_counted_delete after delete on executions referencing old table as removed
    for each statement execute function executions_count_changes()`,
  `create trigger executions_counted_update after update on executions referencing old table as removed new table as added
    for each statement execute function executions_count_changes()`,
];
