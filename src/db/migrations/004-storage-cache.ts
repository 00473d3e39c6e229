import type { Kysely } from 'kysely';

/**
 * The storage explorer's cache of parsed sidecars (storage stays the truth: a row is used only while the
 * listed size/etag/mtime match, and rows for keys no longer listed are dropped on each scan), and the
 * backup locks users set, which retention and the delete route honour.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('storage_sidecar_cache')
    .addColumn('destination_id', 'text', (c) => c.notNull())
    .addColumn('sidecar_key', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('modified_at', 'text', (c) => c.notNull())
    .addColumn('sidecar', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('storage_sidecar_cache_pk', ['destination_id', 'sidecar_key'])
    .execute();

  await db.schema
    .createTable('backup_locks')
    .addColumn('destination_id', 'text', (c) => c.notNull())
    .addColumn('artifact_key', 'text', (c) => c.notNull())
    .addColumn('locked_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('backup_locks_pk', ['destination_id', 'artifact_key'])
    .execute();
}
