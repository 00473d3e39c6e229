import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../schema.js';
import type { SsoLoginsTable, SsoProvidersTable } from './access-schema.js';

export type SsoProviderRow = SsoProvidersTable;
export type SsoLoginRow = SsoLoginsTable;

/** SSO providers (client secret sealed by the service) and pending logins (state, PKCE verifier, nonce). */
export class SsoRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  list(): Promise<SsoProviderRow[]> {
    return this.db.selectFrom('sso_providers').selectAll().orderBy('name').execute();
  }

  get(id: string): Promise<SsoProviderRow | undefined> {
    return this.db.selectFrom('sso_providers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byName(name: string): Promise<SsoProviderRow | undefined> {
    return this.db.selectFrom('sso_providers').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async insert(row: SsoProviderRow): Promise<void> {
    await this.db.insertInto('sso_providers').values(row).execute();
  }

  async update(id: string, patch: Partial<SsoProviderRow>): Promise<void> {
    await this.db.updateTable('sso_providers').set(patch).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sso_providers').where('id', '=', id).execute();
  }

  async insertLogin(row: SsoLoginRow): Promise<void> {
    await this.db.insertInto('sso_logins').values(row).execute();
  }

  /** Takes a pending login once: the row is deleted as it is read, so a state cannot be replayed. */
  async takeLogin(state: string): Promise<SsoLoginRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('sso_logins').selectAll().where('state', '=', state).executeTakeFirst();
      if (row) await trx.deleteFrom('sso_logins').where('state', '=', state).execute();
      return row;
    });
  }

  async deleteLoginsBefore(at: string): Promise<void> {
    await this.db.deleteFrom('sso_logins').where('created_at', '<', at).execute();
  }
}
