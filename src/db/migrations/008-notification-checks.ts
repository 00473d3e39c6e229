import type { Kysely } from 'kysely';

/**
 * What the notification checks (unreachable sources and destinations, storage usage, missed schedules) last
 * concluded, one row per thing watched. Every worker runs the checks; a row changes only by compare-and-set on
 * its previous value, so a change of state is announced once however many workers saw it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notification_checks')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
