import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../schema.js';
import type { ApiTokensTable } from './access-schema.js';

export type TokenRow = ApiTokensTable;

/** API tokens: only the sha256 of a token is stored. */
export class TokensRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async insert(row: TokenRow): Promise<void> {
    await this.db.insertInto('api_tokens').values(row).execute();
  }

  listFor(userId?: string): Promise<TokenRow[]> {
    let query = this.db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc');
    if (userId) query = query.where('user_id', '=', userId);
    return query.execute();
  }

  get(id: string): Promise<TokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byHash(hash: string): Promise<TokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async touch(id: string, at: string, ip: string | null): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: at, last_used_ip: ip }).where('id', '=', id).execute();
  }
}
