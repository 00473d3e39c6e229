import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/** Notification channels (configured like destinations, secrets sealed) and the record of every delivery attempt. */
export async function up(db: Kysely<unknown>, { autoId }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('notification_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('secrets', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // No foreign keys: the history of a deleted channel or execution stays readable.
  await autoId(db.schema.createTable('notification_attempts'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('execution_id', 'text')
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_attempts_channel').on('notification_attempts').columns(['channel_id', 'at']).execute();
  await db.schema.createIndex('notification_attempts_execution').on('notification_attempts').columns(['execution_id', 'at']).execute();
  await db.schema.createIndex('notification_attempts_at').on('notification_attempts').column('at').execute();
}
