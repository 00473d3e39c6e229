import type { Kysely } from 'kysely';

/**
 * Encryption profiles: the keys jobs encrypt their backups to. Public recipients are stored in clear (they are
 * public); a generated identity and a passphrase are sealed with the system key and listed in sealed-columns.ts.
 * Jobs refer to a profile by `jobs.encryption_profile_id` (checked by the services, like sources and destinations).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('encryption_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text')
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('identity', 'text')
    .addColumn('passphrase', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
