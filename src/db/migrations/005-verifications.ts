import type { Kysely } from 'kysely';

/** Results of re-reading backups from storage (size, sha256, age authentication), per backup. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('destination_id', 'text', (c) => c.notNull())
    .addColumn('artifact_key', 'text', (c) => c.notNull())
    .addColumn('backup_id', 'text')
    .addColumn('execution_id', 'text')
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('size_ok', 'integer', (c) => c.notNull())
    .addColumn('checksum_ok', 'integer', (c) => c.notNull())
    .addColumn('authenticated', 'integer')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('verifications_backup').on('verifications').columns(['destination_id', 'artifact_key', 'checked_at']).execute();
}
