import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../schema.js';
import type { EncryptionProfilesTable } from './encryption-schema.js';

export type EncryptionProfileRow = EncryptionProfilesTable;

/** Encryption profiles (secrets arrive already sealed by the service), and the jobs that use them. */
export class EncryptionProfilesRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  list(): Promise<EncryptionProfileRow[]> {
    return this.db.selectFrom('encryption_profiles').selectAll().orderBy('name').execute();
  }

  find(id: string): Promise<EncryptionProfileRow | undefined> {
    return this.db.selectFrom('encryption_profiles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByName(name: string): Promise<EncryptionProfileRow | undefined> {
    return this.db.selectFrom('encryption_profiles').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async insert(row: EncryptionProfileRow): Promise<void> {
    await this.db.insertInto('encryption_profiles').values(row).execute();
  }

  async update(id: string, patch: Partial<Omit<EncryptionProfileRow, 'id'>>): Promise<void> {
    await this.db.updateTable('encryption_profiles').set(patch).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('encryption_profiles').where('id', '=', id).execute();
  }

  /** Jobs whose backups are encrypted with this profile, by name, for "in use" messages. */
  jobsUsing(id: string): Promise<{ id: string; name: string }[]> {
    return this.db.selectFrom('jobs').select(['id', 'name']).where('encryption_profile_id', '=', id).orderBy('name').execute();
  }
}
