import type { Kysely } from 'kysely';

/**
 * What the queue and scheduler need: each scheduled tick recorded once per job (a unique key makes a
 * second scheduler's insert fail instead of running the job twice), retry delays, worker leases, cancellation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('executions').addColumn('scheduled_for', 'text').execute();
  await db.schema.alterTable('executions').addColumn('run_after', 'text').execute();
  await db.schema.alterTable('executions').addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('executions').addColumn('worker', 'text').execute();
  await db.schema.alterTable('executions').addColumn('heartbeat_at', 'text').execute();
  await db.schema.alterTable('executions').addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('executions').addColumn('payload', 'text').execute();
  await db.schema.createIndex('executions_job_tick').on('executions').columns(['job_id', 'scheduled_for']).unique().execute();
  await db.schema.createIndex('executions_source').on('executions').columns(['source_id', 'queued_at']).execute();
  await db.schema.createIndex('executions_trigger').on('executions').columns(['trigger', 'queued_at']).execute();
  await db.schema.alterTable('jobs').addColumn('last_scheduled_at', 'text').execute();
}
