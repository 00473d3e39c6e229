import type { Kysely } from 'kysely';

/**
 * A job's own drill and verification schedules queue executions of their own type: a schedule tick is unique per
 * job AND type, so a drill due at the same minute as the job's backup is queued too instead of being ignored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('executions_job_tick').execute();
  await db.schema.createIndex('executions_job_type_tick').on('executions').columns(['job_id', 'type', 'scheduled_for']).unique().execute();
}
